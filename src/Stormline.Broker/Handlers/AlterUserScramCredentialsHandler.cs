using Stormline.Broker.Protocol;
using Stormline.Broker.Protocol.Messages;
using Stormline.Broker.Security;
using Stormline.Broker.Server;

namespace Stormline.Broker.Handlers;

/// <summary>
/// AlterUserScramCredentials (KIP-554): v0, flexible.
/// Behaviour: deletes and upserts SCRAM credentials, one result per user. The client sends the salt and the salted
/// password; the broker keeps only StoredKey and ServerKey, durably, before answering. A user named twice in one
/// request gets DUPLICATE_RESOURCE; an empty name, too few (&lt; 4096) or too many (&gt; 16384) iterations, or a salted
/// password of the wrong length UNACCEPTABLE_CREDENTIAL; an unknown mechanism UNSUPPORTED_SASL_MECHANISM; deleting a
/// credential that does not exist RESOURCE_NOT_FOUND. A user with an error changes nothing; the others are applied.
/// Skipped: authorization (ALTER on CLUSTER) until the broker has ACLs; every client that reached this handler may
/// alter credentials.
/// </summary>
internal sealed class AlterUserScramCredentialsHandler(BrokerContext broker) : MessageHandler<AlterUserScramCredentialsRequest, AlterUserScramCredentialsResponse>(broker)
{
    public override ApiKey Key => ApiKey.AlterUserScramCredentials;

    public override short MinVersion => 0;

    public override short MaxVersion => 0;

    protected override ValueTask<AlterUserScramCredentialsResponse> HandleAsync(
        Request request, AlterUserScramCredentialsRequest alteration, CancellationToken cancellationToken)
    {
        var deletions = alteration.Deletions.Select(d => (User: d.Name, d.Mechanism)).ToList();
        var upserts = alteration.Upsertions.Select(u => (User: u.Name, u.Mechanism, u.Iterations, Salt: u.Salt.ToArray(), SaltedPassword: u.SaltedPassword.ToArray())).ToList();
        var users = deletions.Select(d => d.User).Concat(upserts.Select(u => u.User)).ToList();
        var results = new List<(string User, ErrorCode Error, string? Message)>();
        var toDelete = new List<(string, ScramMechanism)>();
        var toUpsert = new List<(string, ScramMechanism, ScramCredential)>();
        foreach (var user in users.Distinct())
        {
            if (users.Count(u => u == user) > 1)
            {
                results.Add((user, ErrorCode.DuplicateResource, "A user credential cannot be altered twice in the same request"));
                continue;
            }

            var (error, message) = user.Length == 0 ? (ErrorCode.UnacceptableCredential, "Username must not be empty") : (ErrorCode.None, null);
            if (error == ErrorCode.None && deletions.FirstOrDefault(d => d.User == user) is { User: not null } deletion)
            {
                (error, message) = ScramMechanism.ByWireId(deletion.Mechanism) is not { } mechanism ? (ErrorCode.UnsupportedSaslMechanism, "Unknown SCRAM mechanism")
                    : Broker.ScramCredentials.Find(user, mechanism) is null ? (ErrorCode.ResourceNotFound, "Attempt to delete a user credential that does not exist")
                    : Accept(() => toDelete.Add((user, mechanism)));
            }
            else if (error == ErrorCode.None && upserts.FirstOrDefault(u => u.User == user) is { User: not null } upsert)
            {
                (error, message) = ScramMechanism.ByWireId(upsert.Mechanism) is not { } mechanism ? (ErrorCode.UnsupportedSaslMechanism, "Unknown SCRAM mechanism")
                    : upsert.Iterations < ScramMechanism.MinIterations ? (ErrorCode.UnacceptableCredential, $"Too few iterations (at least {ScramMechanism.MinIterations})")
                    : upsert.Iterations > ScramMechanism.MaxIterations ? (ErrorCode.UnacceptableCredential, $"Too many iterations (at most {ScramMechanism.MaxIterations})")
                    : upsert.Salt.Length == 0 ? (ErrorCode.UnacceptableCredential, "Salt must not be empty")
                    : upsert.SaltedPassword.Length != mechanism.HashSize ? (ErrorCode.UnacceptableCredential, $"The salted password of {mechanism.Name} is {mechanism.HashSize} bytes, not {upsert.SaltedPassword.Length}")
                    : Accept(() => toUpsert.Add((user, mechanism, ScramCredential.FromSaltedPassword(mechanism, upsert.Salt, upsert.SaltedPassword, upsert.Iterations))));
            }

            results.Add((user, error, message));
        }

        if (toDelete.Count + toUpsert.Count > 0)
        {
            try
            {
                Broker.ScramCredentials.Apply(toDelete, toUpsert);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                results = results.Select(r => r.Error == ErrorCode.None ? (r.User, ErrorCode.KafkaStorageError, (string?)$"The credentials could not be stored: {ex.Message}") : r).ToList();
            }
        }

        return ValueTask.FromResult(new AlterUserScramCredentialsResponse
        {
            Results = results.Select(r => new AlterUserScramCredentialsResponse.AlterUserScramCredentialsResult { User = r.User, ErrorCode = r.Error, ErrorMessage = r.Message }).ToList(),
        });
    }

    private static (ErrorCode, string?) Accept(Action record)
    {
        record();
        return (ErrorCode.None, null);
    }
}
