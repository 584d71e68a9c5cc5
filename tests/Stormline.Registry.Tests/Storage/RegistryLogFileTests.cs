using Stormline.Registry.Storage;

namespace Stormline.Registry.Tests.Storage;

public sealed class RegistryLogFileTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "stormline-registry-log-" + Guid.NewGuid().ToString("N"));

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Appended_records_replay_in_order()
    {
        using (var log = RegistryLogFile.Open(_directory))
        {
            log.Append([new LogRecord { Kind = LogRecord.ModeKind, Mode = Registry.Rest.Contracts.RegistryMode.ReadOnly }]);
            log.Append([new LogRecord { Kind = LogRecord.ModeKind, Subject = "s" }]);
        }

        using var reopened = RegistryLogFile.Open(_directory);
        var records = reopened.ReadNew(toEnd: true);

        Assert.Equal([null, "s"], records.Select(r => r.Subject));
        Assert.Equal(Registry.Rest.Contracts.RegistryMode.ReadOnly, records[0].Mode);
    }

    [Fact]
    public void A_bad_line_before_good_ones_is_corruption_not_a_torn_tail()
    {
        Directory.CreateDirectory(_directory);
        File.WriteAllText(Path.Combine(_directory, RegistryLogFile.FileName), "{\"kind\":\"MODE\"}\n{garbage\n{\"kind\":\"MODE\"}\n");

        Assert.Throws<InvalidDataException>(() => RegistryLogFile.Open(_directory));
    }

    [Fact]
    public void A_torn_tail_is_cut_off_so_new_appends_start_on_a_clean_line()
    {
        Directory.CreateDirectory(_directory);
        var path = Path.Combine(_directory, RegistryLogFile.FileName);
        File.WriteAllText(path, "{\"kind\":\"MODE\"}\n{\"kind\":\"MO");

        using (var log = RegistryLogFile.Open(_directory))
        {
            Assert.Single(log.ReadNew(toEnd: true));
            log.Append([new LogRecord { Kind = LogRecord.ModeKind, Subject = "after" }]);
        }

        Assert.Equal("{\"kind\":\"MODE\"}\n{\"kind\":\"MODE\",\"subject\":\"after\"}\n", File.ReadAllText(path));
    }
}
