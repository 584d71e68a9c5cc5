using Stormline.Broker.Protocol;
using Stormline.Broker.Protocol.Messages;
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
internal sealed class DescribeUserScramCredentialsHandler(BrokerContext broker) : MessageHandler<DescribeUserScramCredentialsRequest, DescribeUserScramCredentialsResponse>(broker)
{
    public override ApiKey Key => ApiKey.DescribeUserScramCredentials;

    public override short MinVersion => 0;

    public override short MaxVersion => 0;

    protected override ValueTask<DescribeUserScramCredentialsResponse> HandleAsync(
        Request request, DescribeUserScramCredentialsRequest message, CancellationToken cancellationToken)
    {
        var requested = message.Users?.Select(u => u.Name).ToList();
        var stored = Broker.ScramCredentials.Describe();
        var names = requested is { Count: > 0 } ? requested.Distinct().ToList() : stored.Keys.Order(StringComparer.Ordinal).ToList();
        var results = names.Select(user =>
            requested?.Count(n => n == user) > 1 ? Result(user, ErrorCode.DuplicateResource, "Cannot describe SCRAM credentials for the same user twice in a single request", [])
            : stored.TryGetValue(user, out var credentials) ? Result(user, ErrorCode.None, null, credentials)
            : Result(user, ErrorCode.ResourceNotFound, "Attempt to describe a user credential that does not exist", [])).ToList();
        return ValueTask.FromResult(new DescribeUserScramCredentialsResponse { ErrorMessage = null, Results = results });
    }

    private static DescribeUserScramCredentialsResponse.DescribeUserScramCredentialsResult Result(
        string user, ErrorCode error, string? message, IReadOnlyList<(ScramMechanism Mechanism, int Iterations)> credentials) => new()
    {
        User = user,
        ErrorCode = error,
        ErrorMessage = message,
        CredentialInfos = credentials.Select(c => new DescribeUserScramCredentialsResponse.CredentialInfo { Mechanism = c.Mechanism.WireId, Iterations = c.Iterations }).ToList(),
    };
}
