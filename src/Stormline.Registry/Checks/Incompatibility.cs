namespace Stormline.Registry.Checks;

/// <summary>One breaking difference: a stable type (Avro's or Confluent's names), where it is, and what changed.</summary>
internal sealed record Incompatibility(string ErrorType, string Path, string Description)
{
    /// <summary>Confluent's message shape, which tools parse: <c>{errorType:'…', description:'…', additionalInfo:'…'}</c>.</summary>
    public override string ToString() => $"{{errorType:'{ErrorType}', description:'{Description}', additionalInfo:'{Path}'}}";
}
