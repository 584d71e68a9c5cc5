namespace Stormline.Broker.Topics;

/// <summary>One operation of an IncrementalAlterConfigs request on one config of one resource.</summary>
public readonly record struct ConfigChange(string Name, ConfigOperation Operation, string? Value);
