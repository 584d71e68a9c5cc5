using System.Text.Json.Nodes;
using Stormline.OpsConsole.Messages;

namespace Stormline.OpsConsole.Tests;

public sealed class FieldMaskTests
{
    [Fact]
    public void Masks_nested_paths_and_every_element_of_arrays_on_the_way()
    {
        var json = JsonNode.Parse("""{"customer":{"email":"a@b.c","name":"Kim"},"lines":[{"sku":"x","price":1},{"sku":"y","price":2}],"total":3}""");
        new FieldMask(["customer.email", "lines.price", "missing.path"]).Apply(json);
        Assert.Equal("""{"customer":{"email":"***","name":"Kim"},"lines":[{"sku":"x","price":"***"},{"sku":"y","price":"***"}],"total":3}""", json!.ToJsonString());
    }

    [Fact]
    public void Leaves_non_objects_alone()
    {
        var json = JsonNode.Parse("42");
        new FieldMask(["a"]).Apply(json);
        Assert.Equal("42", json!.ToJsonString());
    }
}
