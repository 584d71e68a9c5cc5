namespace Stormline.Ops.Collecting;

/// <summary>One broker as the cluster metadata lists it.</summary>
public sealed record BrokerSnapshot(int Id, string Host, int Port)
{
    public string Address => $"{Host}:{Port}";
}
