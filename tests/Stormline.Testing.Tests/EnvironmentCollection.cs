namespace Stormline.Testing.Tests;

/// <summary>Tests that point the kit at an "external" cluster through process-wide environment variables run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class EnvironmentCollection
{
    public const string Name = "environment variables";
}
