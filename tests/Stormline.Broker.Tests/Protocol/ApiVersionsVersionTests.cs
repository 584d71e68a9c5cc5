using Stormline.Broker.Protocol;
using Stormline.Broker.Protocol.Messages;
using Stormline.Broker.Server;
using Stormline.Broker.Tests.Robustness;

namespace Stormline.Broker.Tests.Protocol;

/// <summary>
/// ApiVersions v3 and v4 as librdkafka sends them (flexible request header and body): the answer has a v0 response
/// header (KIP-511), decodes whole at the request's version and lists exactly the ranges the handlers implement.
/// </summary>
public sealed class ApiVersionsVersionTests
{
    [Theory]
    [InlineData((short)3)]
    [InlineData((short)4)]
    public async Task The_flexible_versions_list_every_handlers_range(short version)
    {
        await using var broker = await KafkaBroker.StartAsync(new BrokerOptions { Port = 0 });
        using var connection = await RawConnection.ConnectAsync(broker.Port);
        await connection.SendAsync(RequestFrames.ApiVersions(version, 9));

        var frame = await connection.ReceiveAsync(TimeSpan.FromSeconds(5));
        Assert.NotNull(frame);
        var reader = new KafkaReader(frame);
        Assert.Equal(9, reader.ReadInt32());
        var response = ApiVersionsResponse.Read(reader, version);
        Assert.Equal(0, reader.Remaining);

        Assert.Equal(ErrorCode.None, response.ErrorCode);
        var advertised = response.ApiKeys.ToDictionary(k => (ApiKey)k.ApiKey, k => (k.MinVersion, k.MaxVersion));
        Assert.Equal(((short)0, (short)4), advertised[ApiKey.ApiVersions]);
        Assert.Equal(((short)0, (short)5), advertised[ApiKey.ListGroups]);
        Assert.Equal(((short)0, (short)5), advertised[ApiKey.SyncGroup]);
        Assert.Equal(((short)1, (short)12), advertised[ApiKey.Metadata]);
        // One entry per handler class: nothing served goes unadvertised.
        Assert.Equal(typeof(ApiKey).Assembly.GetTypes().Count(t => t is { IsAbstract: false } && t.IsSubclassOf(typeof(Stormline.Broker.Handlers.ApiHandler))), advertised.Count);
    }
}
