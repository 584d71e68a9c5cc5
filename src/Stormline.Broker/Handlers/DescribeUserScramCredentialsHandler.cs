using Stormline.Broker.Protocol;
using Stormline.Broker.Security;
using Stormline.Broker.Server;

namespace Stormline.Broker.Handlers;

/// <summary>
/// DescribeUserScramCredentials (KIP-554): v0, flexible.
/// Behaviour: the mechanisms and iteration counts of each user's SCRAM credentials, never salts or keys. A null or
/// empty user list describes every user; a named user without credentials gets RESOURCE_NOT_FOUND, a user named
/// twice DUPLICATE_RESOURCE.
/// Skipped: authorization (DESCRIBE on CLUSTER) until the broker has ACLs.
/// </summary>
internal sealed class DescribeUserScramCredentialsHandler(BrokerContext broker) : ApiHandler(broker)
{
    public override ApiKey Key => ApiKey.DescribeUserScramCredentials;

    public override short MinVersion => 0;

    public override short MaxVersion => 0;

    public override short FirstFlexibleVersion => 0;

    public override ValueTask<bool> HandleAsync(Request request, KafkaWriter response, CancellationToken cancellationToken)
    {
        var requested = request.Body.ReadNullableArray(r =>
        {
            var name = r.ReadString();
            r.SkipTaggedFields();
            return name;
        });
        request.Body.SkipTaggedFields();

        var stored = Broker.ScramCredentials.Describe();
        var names = requested is { Count: > 0 } ? requested.Distinct().ToList() : stored.Keys.Order(StringComparer.Ordinal).ToList();
        var results = names.Select(user =>
            requested?.Count(n => n == user) > 1 ? new UserResult(user, ErrorCode.DuplicateResource, "Cannot describe SCRAM credentials for the same user twice in a single request", [])
            : stored.TryGetValue(user, out var credentials) ? new UserResult(user, ErrorCode.None, null, credentials)
            : new UserResult(user, ErrorCode.ResourceNotFound, "Attempt to describe a user credential that does not exist", [])).ToList();

        response.WriteInt32(0);
        response.WriteInt16(ErrorCode.None);
        response.WriteString(null);
        response.WriteArray(results, static (w, r) =>
        {
            w.WriteString(r.User);
            w.WriteInt16(r.Error);
            w.WriteString(r.Message);
            w.WriteArray(r.Credentials, static (cw, c) =>
            {
                cw.WriteInt8(c.Mechanism.WireId);
                cw.WriteInt32(c.Iterations);
                cw.WriteEmptyTaggedFields();
            });
            w.WriteEmptyTaggedFields();
        });
        response.WriteEmptyTaggedFields();
        return ValueTask.FromResult(true);
    }

    private sealed record UserResult(string User, ErrorCode Error, string? Message, IReadOnlyList<(ScramMechanism Mechanism, int Iterations)> Credentials);
}
