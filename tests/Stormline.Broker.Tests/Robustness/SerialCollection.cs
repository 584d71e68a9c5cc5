namespace Stormline.Broker.Tests.Robustness;

/// <summary>
/// Tests that measure time or memory, or load both cores (the fuzzer), run alone: other test classes running in
/// parallel would make their numbers meaningless.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialCollection
{
    public const string Name = "serial robustness";
}
