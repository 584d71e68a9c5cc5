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

    /// <summary>
    /// Where the data keys of personal fields live: empty (the default) for the service's own store, or the path of a
    /// SQLite file kept apart from it (another volume, other backups), so a copy of the events alone holds no readable personal data.
    /// </summary>
    public string? SubjectKeys { get; set; }
}
