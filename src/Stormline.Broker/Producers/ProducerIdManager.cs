using System.Globalization;
using Stormline.Broker.Log;

namespace Stormline.Broker.Producers;

/// <summary>
/// Hands out producer ids that are unique across restarts: ids are reserved in blocks, and the end of the current
/// block is written (and fsynced) to the data directory before any id from it is used. Thread-safe.
/// </summary>
internal sealed class ProducerIdManager
{
    private const long BlockSize = 1000;
    private readonly string? _file;
    private readonly Lock _gate = new();
    private long _next;
    private long _blockEnd;

    public ProducerIdManager(string? dataDirectory)
    {
        _file = dataDirectory is null ? null : Path.Combine(dataDirectory, "producer-id-block");
        if (_file is not null && File.Exists(_file) && long.TryParse(File.ReadAllText(_file).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var end))
        {
            _next = end;
        }

        _blockEnd = _next;
    }

    public long Next()
    {
        lock (_gate)
        {
            if (_next >= _blockEnd)
            {
                _blockEnd = _next + BlockSize;
                if (_file is not null)
                {
                    DurableFile.Replace(_file, System.Text.Encoding.ASCII.GetBytes(_blockEnd.ToString(CultureInfo.InvariantCulture)));
                }
            }

            return _next++;
        }
    }
}
