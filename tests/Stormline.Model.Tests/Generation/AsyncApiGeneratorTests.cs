using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using Stormline.Model.Generation;

namespace Stormline.Model.Tests.Generation;

public sealed class AsyncApiGeneratorTests
{
    private static readonly Model.Elements.EventModel Shop = ModelText.Shop();
    private static readonly JsonObject Document = AsyncApiGenerator.Document(Shop, TopicPlanner.Plan(Shop, new TopicPlanOptions()));

    // 400 KB of schema: built once for all tests here.
    private static readonly Lazy<JsonSchema> AsyncApiSchema = new(() => JsonSchema.FromText(
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Generation", "AsyncApi", "asyncapi-3.0.0.schema.json")),
        new BuildOptions { SchemaRegistry = new SchemaRegistry() }));

    private static EvaluationResults Validate(JsonObject asyncApi)
    {
        using var document = JsonDocument.Parse(asyncApi.ToJsonString());
        return AsyncApiSchema.Value.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
    }

    [Fact]
    public void The_asyncapi_schema_rejects_a_document_in_the_2_x_style()
    {
        var old = (JsonObject)Document.DeepClone();
        old["operations"]!["payment-receives-order-events"]!["action"] = "subscribe";

        Assert.False(Validate(old).IsValid);
    }

    [Fact]
    public void Shop_document_validates_against_the_asyncapi_3_0_schema()
    {
        var results = Validate(Document);

        var errors = results.Details?.Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")) ?? [];
        Assert.True(results.IsValid, string.Join("\n", errors.Take(20)));
    }

    [Fact]
    public void Every_reference_in_the_document_resolves()
    {
        var references = Document.ToJsonString().Split("\"$ref\":\"").Skip(1).Select(s => s[..s.IndexOf('"', StringComparison.Ordinal)]).ToList();

        Assert.NotEmpty(references);
        foreach (var reference in references)
        {
            JsonNode? node = Document;
            foreach (var part in reference.TrimStart('#', '/').Split('/'))
            {
                node = node?[part];
            }

            Assert.True(node is not null, $"{reference} does not resolve");
        }
    }

    [Fact]
    public void Channels_are_topics_and_services_receive_what_their_policies_need()
    {
        Assert.Equal(["order-events", "payment-events", "delivery-events"], Document["channels"]!.AsObject().Select(c => c.Key));
        Assert.Equal(3, (int)Document["channels"]!["order-events"]!["bindings"]!["kafka"]!["partitions"]!);
        var receive = Document["operations"]!["payment-receives-order-events"]!;
        Assert.Equal("receive", (string?)receive["action"]);
        Assert.Equal(["#/channels/order-events/messages/OrderCreated", "#/channels/order-events/messages/OrderCancelled"],
            receive["messages"]!.AsArray().Select(m => (string?)m!["$ref"]));
        Assert.Equal("payment-service", (string?)receive["bindings"]!["kafka"]!["groupId"]!["enum"]![0]);
        Assert.NotNull(Document["components"]!["schemas"]!["OrderLine"]);
    }
}
