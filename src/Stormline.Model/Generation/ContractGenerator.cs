using Stormline.Model.Elements;

namespace Stormline.Model.Generation;

/// <summary>Everything <c>stormline generate</c> writes, from one model: C# records, JSON Schemas, Avro schemas, the topic plan.</summary>
public static class ContractGenerator
{
    public static IReadOnlyList<GeneratedFile> Generate(EventModel model, TopicPlanOptions options) =>
    [
        .. CSharpGenerator.Generate(model),
        .. JsonSchemaGenerator.Generate(model),
        .. AvroSchemaGenerator.Generate(model),
        TopicPlanner.File(TopicPlanner.Plan(model, options)),
    ];
}
