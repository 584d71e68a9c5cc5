namespace Stormline.Registry.Checks;

/// <summary>
/// One breaking difference: a stable type (Avro's or Confluent's names), where it is (a JSON pointer, and the field path
/// the semantic diff files it under: <c>lines[].qty</c>, "" for the whole schema), and what changed.
/// </summary>
public sealed record Incompatibility(string ErrorType, string Path, string Description, string Field = "")
{
    /// <summary>Confluent's message shape, which tools parse: <c>{errorType:'…', description:'…', additionalInfo:'…'}</c>.</summary>
    public override string ToString() => $"{{errorType:'{ErrorType}', description:'{Description}', additionalInfo:'{Path}'}}";
}
