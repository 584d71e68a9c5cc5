using System.Text.Json;
using Stormline.OpsConsole.Security;

namespace Stormline.OpsConsole.Audit;

/// <summary>
/// Every action (offset reset, redrive, produce, topic create/delete/config change, group deletion), newest first on the console's audit page. With <see cref="ConsoleOptions.AuditLogFile"/>
/// the entries are also appended there as JSON lines (flushed to disk before the action is answered) and read back on
/// start; without it they last as long as the process.
/// </summary>
internal sealed class AuditLog
{
    private readonly string? _file;
    private readonly List<AuditEntry> _entries = [];
    private readonly Lock _lock = new();

    public AuditLog(ConsoleOptions options)
    {
        _file = options.AuditLogFile;
        if (_file is not null && File.Exists(_file))
        {
            var number = 0;
            foreach (var line in File.ReadLines(_file))
            {
                number++;
                try
                {
                    if (line.Length > 0)
                    {
                        _entries.Add(JsonSerializer.Deserialize<AuditEntry>(line, JsonSerializerOptions.Web) ?? throw new JsonException("null"));
                    }
                }
                catch (JsonException ex)
                {
                    // Refuse to start rather than drop history an auditor may need.
                    throw new FormatException($"{_file}:{number}: not an audit entry ({ex.Message})", ex);
                }
            }
        }
    }

    public void Record(ConsoleCaller caller, string action, string target, IReadOnlyList<AuditOffset> offsets)
    {
        var entry = new AuditEntry(DateTimeOffset.UtcNow, caller.Name, caller.Role.ToString().ToLowerInvariant(), action, target, offsets);
        lock (_lock)
        {
            if (_file is not null)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(_file))!);
                using var stream = new FileStream(_file, FileMode.Append, FileAccess.Write, FileShare.Read);
                stream.Write(JsonSerializer.SerializeToUtf8Bytes(entry, JsonSerializerOptions.Web));
                stream.WriteByte((byte)'\n');
                stream.Flush(flushToDisk: true);
            }

            _entries.Add(entry);
        }
    }

    public IReadOnlyList<AuditEntry> Newest(int max)
    {
        lock (_lock)
        {
            return _entries.AsEnumerable().Reverse().Take(max).ToList();
        }
    }
}
