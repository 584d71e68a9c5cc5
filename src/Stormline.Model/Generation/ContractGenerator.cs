using Stormline.Model.Elements;

namespace Stormline.Model.Generation;

/// <summary>Everything <c>stormline generate</c> writes, from one model: C# records, JSON Schemas, Avro schemas, AsyncAPI, the topic plan.</summary>
public static class ContractGenerator
{
    public static IReadOnlyList<GeneratedFile> Generate(EventModel model, TopicPlanOptions options)
    {
        var plan = TopicPlanner.Plan(model, options);
        return
        [
            .. CSharpGenerator.Generate(model),
            .. JsonSchemaGenerator.Generate(model),
            .. AvroSchemaGenerator.Generate(model),
            AsyncApiGenerator.Generate(model, plan),
            TopicPlanner.File(plan),
        ];
    }
}
