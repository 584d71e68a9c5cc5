namespace Stormline.Hosting;

/// <summary>
/// Who a service is: its short name ("orders": data folder, default consumer instance ids) and its title
/// ("Shop.Orders": OpenTelemetry service name, start-up banner). <see cref="Source"/> is the CloudEvents source its
/// events carry.
/// </summary>
public sealed record ServiceIdentity(string Name, string Title, string? SourceOverride = null)
{
    public string Source => SourceOverride ?? $"/{Name}";
}
