namespace Stormline.Hosting.Storage;

/// <summary>The "Store" configuration section: which event store a service uses.</summary>
public sealed class StoreOptions
{
    public const string Section = "Store";

    /// <summary>"sqlite" (the default: files under <see cref="DataDir"/>) or "postgres" (<see cref="ConnectionString"/>).</summary>
    public string Provider { get; set; } = "sqlite";

    /// <summary>The PostgreSQL connection string; give each service its own database (or search path).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The SQLite folder; defaults to .stormline/&lt;service&gt; under the working directory.</summary>
    public string? DataDir { get; set; }
}
