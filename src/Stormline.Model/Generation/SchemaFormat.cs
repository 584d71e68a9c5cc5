namespace Stormline.Model.Generation;

/// <summary>Which of the generator's schemas is registered: JSON Schema (what the AsyncAPI document and services use) or Avro.</summary>
public enum SchemaFormat
{
    Json,
    Avro,
}
