using Stormline.Broker.Protocol;
using Stormline.Broker.Tests.Protocol;

namespace Stormline.Broker.Tests.Robustness;

/// <summary>
/// A valid request body for every version Kafka defines of each API a Kafka broker may serve, written from Kafka's
/// message definitions (clients/src/main/resources/common/message/*Request.json), so the fuzzer starts from requests
/// a real client could send. Templates exist for APIs this branch does not serve yet (groups, admin, transactions):
/// once a handler is added, its advertised versions are fuzzed without further edits.
/// Values are chosen to stay harmless: writes go to <see cref="Topic"/>, deletions name topics that do not exist,
/// creations and config changes are validate_only where the version allows it.
/// </summary>
internal static class RequestTemplates
{
    /// <summary>The topic the fuzzer reads and writes; the broker must have it before fuzzing.</summary>
    public const string Topic = "fuzz-a";

    public const string Group = "fuzz-group";

    private static readonly Dictionary<ApiKey, RequestTemplate> Templates = new RequestTemplate[]
    {
        new(ApiKey.Produce, 9, Produce),
        new(ApiKey.Fetch, 12, Fetch),
        new(ApiKey.ListOffsets, 6, ListOffsets),
        new(ApiKey.Metadata, 9, Metadata),
        new(ApiKey.OffsetCommit, 8, OffsetCommit),
        new(ApiKey.OffsetFetch, 6, OffsetFetch),
        new(ApiKey.FindCoordinator, 3, FindCoordinator),
        new(ApiKey.JoinGroup, 6, JoinGroup),
        new(ApiKey.Heartbeat, 4, Heartbeat),
        new(ApiKey.LeaveGroup, 4, LeaveGroup),
        new(ApiKey.SyncGroup, 4, SyncGroup),
        new(ApiKey.DescribeGroups, 5, DescribeGroups),
        new(ApiKey.ListGroups, 3, ListGroups),
        new(ApiKey.SaslHandshake, short.MaxValue, (_, w, _) => w.WriteString("PLAIN")),
        new(ApiKey.ApiVersions, 3, ApiVersions),
        new(ApiKey.CreateTopics, 5, CreateTopics),
        new(ApiKey.DeleteTopics, 4, DeleteTopics),
        new(ApiKey.DeleteRecords, 2, DeleteRecords),
        new(ApiKey.InitProducerId, 2, InitProducerId),
        new(ApiKey.OffsetForLeaderEpoch, 4, OffsetForLeaderEpoch),
        new(ApiKey.AddPartitionsToTxn, 3, AddPartitionsToTxn),
        new(ApiKey.AddOffsetsToTxn, 3, AddOffsetsToTxn),
        new(ApiKey.EndTxn, 3, EndTxn),
        new(ApiKey.TxnOffsetCommit, 3, TxnOffsetCommit),
        new(ApiKey.DescribeAcls, 2, DescribeAcls),
        new(ApiKey.CreateAcls, 2, CreateAcls),
        new(ApiKey.DeleteAcls, 2, DeleteAcls),
        new(ApiKey.DescribeConfigs, 4, DescribeConfigs),
        new(ApiKey.AlterConfigs, 2, AlterConfigs),
        new(ApiKey.CreatePartitions, 2, CreatePartitions),
        new(ApiKey.DeleteGroups, 2, DeleteGroups),
        new(ApiKey.IncrementalAlterConfigs, 1, IncrementalAlterConfigs),
        new(ApiKey.OffsetDelete, 1, OffsetDelete),
        new(ApiKey.DescribeLogDirs, 2, DescribeLogDirs),
        new(ApiKey.SaslAuthenticate, 2, SaslAuthenticate),
        new(ApiKey.DescribeUserScramCredentials, 0, DescribeUserScramCredentials),
        new(ApiKey.AlterUserScramCredentials, 0, AlterUserScramCredentials),
        new(ApiKey.DescribeCluster, 0, DescribeCluster),
        new(ApiKey.DescribeProducers, 0, DescribeProducers),
        new(ApiKey.DescribeTransactions, 0, DescribeTransactions),
        new(ApiKey.ListTransactions, 0, ListTransactions),
    }.ToDictionary(t => t.Key);

    public static RequestTemplate? Find(short apiKey) => Templates.GetValueOrDefault((ApiKey)apiKey);

    private static void Produce(short v, KafkaWriter w, Random r)
    {
        if (v >= 3)
        {
            w.WriteString(null);
        }

        w.WriteInt16(r.Next(4) switch { 0 => (short)0, 1 => (short)1, _ => (short)-1 });
        w.WriteInt32(5_000);
        Array(w, [Topic], (w, name) =>
        {
            w.WriteString(name);
            Array(w, [0], (w, partition) =>
            {
                w.WriteInt32(partition);
                var records = Enumerable.Range(0, r.Next(1, 4)).Select(i => ((string?)(r.Next(3) == 0 ? null : $"k{i}"), (string?)$"fuzz-{r.Next()}")).ToList();
                w.WriteBytes(r.Next(4) == 0
                    ? TestRecordBatch.Create(records, producerId: 4242, producerEpoch: 0, baseSequence: r.Next(0, 8))
                    : TestRecordBatch.Create(records));
                Tags(w, r);
            });
            Tags(w, r);
        });
        Tags(w, r);
    }

    private static void Fetch(short v, KafkaWriter w, Random r)
    {
        if (v <= 14)
        {
            w.WriteInt32(-1);
        }

        w.WriteInt32(r.Next(3) == 0 ? 10 : 0);
        w.WriteInt32(r.Next(2));
        if (v >= 3)
        {
            w.WriteInt32(1024 * 1024);
        }

        if (v >= 4)
        {
            w.WriteInt8((sbyte)r.Next(2));
        }

        if (v >= 7)
        {
            w.WriteInt32(0);
            w.WriteInt32(-1);
        }

        Array(w, [Topic], (w, name) =>
        {
            if (v <= 12)
            {
                w.WriteString(name);
            }
            else
            {
                w.WriteUuid(Guid.Empty);
            }

            Array(w, [0], (w, partition) =>
            {
                w.WriteInt32(partition);
                if (v >= 9)
                {
                    w.WriteInt32(-1);
                }

                w.WriteInt64(r.Next(4));
                if (v >= 12)
                {
                    w.WriteInt32(-1);
                }

                if (v >= 5)
                {
                    w.WriteInt64(-1);
                }

                w.WriteInt32(64 * 1024);
                Tags(w, r);
            });
            Tags(w, r);
        });
        if (v >= 7)
        {
            w.WriteArrayLength(0);
        }

        if (v >= 11)
        {
            w.WriteString(string.Empty);
        }

        Tags(w, r);
    }

    private static void ListOffsets(short v, KafkaWriter w, Random r)
    {
        w.WriteInt32(-1);
        if (v >= 2)
        {
            w.WriteInt8((sbyte)r.Next(2));
        }

        Array(w, [Topic], (w, name) =>
        {
            w.WriteString(name);
            Array(w, [0], (w, partition) =>
            {
                w.WriteInt32(partition);
                if (v >= 4)
                {
                    w.WriteInt32(-1);
                }

                w.WriteInt64(r.Next(4) switch { 0 => -1, 1 => -2, 2 => 1_700_000_000_000, _ => -3 });
                if (v == 0)
                {
                    w.WriteInt32(1);
                }

                Tags(w, r);
            });
            Tags(w, r);
        });
        if (v >= 10)
        {
            w.WriteInt32(1_000);
        }

        Tags(w, r);
    }

    private static void Metadata(short v, KafkaWriter w, Random r)
    {
        if (v >= 1 && r.Next(4) == 0)
        {
            w.WriteArrayLength(-1);
        }
        else
        {
            Array(w, [Topic, "fuzz-missing"], (w, name) =>
            {
                if (v >= 10)
                {
                    w.WriteUuid(Guid.Empty);
                }

                w.WriteString(name);
                Tags(w, r);
            });
        }

        if (v >= 4)
        {
            w.WriteBool(r.Next(2) == 0);
        }

        if (v is >= 8 and <= 10)
        {
            w.WriteBool(r.Next(2) == 0);
        }

        if (v >= 8)
        {
            w.WriteBool(r.Next(2) == 0);
        }

        Tags(w, r);
    }

    private static void OffsetCommit(short v, KafkaWriter w, Random r)
    {
        w.WriteString(Group);
        if (v >= 1)
        {
            w.WriteInt32(-1);
            w.WriteString(string.Empty);
        }

        if (v >= 7)
        {
            w.WriteString(null);
        }

        if (v is >= 2 and <= 4)
        {
            w.WriteInt64(-1);
        }

        Array(w, [Topic], (w, name) =>
        {
            w.WriteString(name);
            Array(w, [0], (w, partition) =>
            {
                w.WriteInt32(partition);
                w.WriteInt64(r.Next(3));
                if (v >= 6)
                {
                    w.WriteInt32(-1);
                }

                if (v == 1)
                {
                    w.WriteInt64(-1);
                }

                w.WriteString(r.Next(2) == 0 ? null : "fuzz");
                Tags(w, r);
            });
            Tags(w, r);
        });
        Tags(w, r);
    }

    private static void OffsetFetch(short v, KafkaWriter w, Random r)
    {
        void Topics(KafkaWriter w)
        {
            if (v >= 2 && r.Next(3) == 0)
            {
                w.WriteArrayLength(-1);
                return;
            }

            Array(w, [Topic], (w, name) =>
            {
                w.WriteString(name);
                Array(w, [0], (w, p) => w.WriteInt32(p));
                Tags(w, r);
            });
        }

        if (v <= 7)
        {
            w.WriteString(Group);
            Topics(w);
        }
        else
        {
            Array(w, [Group], (w, group) =>
            {
                w.WriteString(group);
                if (v >= 9)
                {
                    w.WriteString(null);
                    w.WriteInt32(-1);
                }

                Topics(w);
                Tags(w, r);
            });
        }

        if (v >= 7)
        {
            w.WriteBool(false);
        }

        Tags(w, r);
    }

    private static void FindCoordinator(short v, KafkaWriter w, Random r)
    {
        if (v <= 3)
        {
            w.WriteString(Group);
        }

        if (v >= 1)
        {
            w.WriteInt8((sbyte)(r.Next(4) == 0 ? 1 : 0));
        }

        if (v >= 4)
        {
            Array(w, [Group], (w, key) => w.WriteString(key));
        }

        Tags(w, r);
    }

    private static void JoinGroup(short v, KafkaWriter w, Random r)
    {
        // A group of its own per join: joins into one shared group would each wait for every earlier fuzzed member
        // (none of which ever rejoins) until its rebalance timeout, which is Kafka's behaviour but makes the run slow.
        w.WriteString($"{Group}-{r.Next()}");
        w.WriteInt32(10_000);
        if (v >= 1)
        {
            // Short, so that a join that starts a rebalance does not hold the connection for long.
            w.WriteInt32(100);
        }

        w.WriteString(string.Empty);
        if (v >= 5)
        {
            w.WriteString(null);
        }

        w.WriteString("consumer");
        Array(w, ["range"], (w, name) =>
        {
            w.WriteString(name);
            w.WriteBytes(ConsumerSubscription());
            Tags(w, r);
        });
        if (v >= 8)
        {
            w.WriteString(null);
        }

        Tags(w, r);
    }

    private static void Heartbeat(short v, KafkaWriter w, Random r)
    {
        w.WriteString(Group);
        w.WriteInt32(1);
        w.WriteString("fuzz-member");
        if (v >= 3)
        {
            w.WriteString(null);
        }

        Tags(w, r);
    }

    private static void LeaveGroup(short v, KafkaWriter w, Random r)
    {
        w.WriteString(Group);
        if (v <= 2)
        {
            w.WriteString("fuzz-member");
        }
        else
        {
            Array(w, ["fuzz-member"], (w, member) =>
            {
                w.WriteString(member);
                w.WriteString(null);
                if (v >= 5)
                {
                    w.WriteString(null);
                }

                Tags(w, r);
            });
        }

        Tags(w, r);
    }

    private static void SyncGroup(short v, KafkaWriter w, Random r)
    {
        w.WriteString(Group);
        w.WriteInt32(1);
        w.WriteString("fuzz-member");
        if (v >= 3)
        {
            w.WriteString(null);
        }

        if (v >= 5)
        {
            w.WriteString("consumer");
            w.WriteString("range");
        }

        Array(w, ["fuzz-member"], (w, member) =>
        {
            w.WriteString(member);
            w.WriteBytes(ConsumerAssignment());
            Tags(w, r);
        });
        Tags(w, r);
    }

    private static void DescribeGroups(short v, KafkaWriter w, Random r)
    {
        Array(w, [Group], (w, g) => w.WriteString(g));
        if (v >= 3)
        {
            w.WriteBool(r.Next(2) == 0);
        }

        Tags(w, r);
    }

    private static void ListGroups(short v, KafkaWriter w, Random r)
    {
        if (v >= 4)
        {
            Array<string>(w, r.Next(2) == 0 ? [] : ["Stable", "Empty"], (w, s) => w.WriteString(s));
        }

        if (v >= 5)
        {
            Array<string>(w, r.Next(2) == 0 ? [] : ["classic"], (w, s) => w.WriteString(s));
        }

        Tags(w, r);
    }

    private static void ApiVersions(short v, KafkaWriter w, Random r)
    {
        if (v >= 3)
        {
            w.WriteString("stormline-fuzz");
            w.WriteString("1.0.0");
        }

        Tags(w, r);
    }

    private static void CreateTopics(short v, KafkaWriter w, Random r)
    {
        Array(w, [v == 0 ? Topic : "fuzz-created"], (w, name) =>
        {
            w.WriteString(name);
            w.WriteInt32(v >= 4 && r.Next(2) == 0 ? -1 : 1);
            w.WriteInt16((short)(v >= 4 && r.Next(2) == 0 ? -1 : 1));
            w.WriteArrayLength(0);
            Array(w, [("retention.ms", "86400000")], (w, c) =>
            {
                w.WriteString(c.Item1);
                w.WriteString(c.Item2);
                Tags(w, r);
            });
            Tags(w, r);
        });
        w.WriteInt32(1_000);
        if (v >= 1)
        {
            // v0 cannot validate only; it names an existing topic instead, so nothing is created.
            w.WriteBool(true);
        }

        Tags(w, r);
    }

    private static void DeleteTopics(short v, KafkaWriter w, Random r)
    {
        if (v >= 6)
        {
            Array(w, ["fuzz-doomed"], (w, name) =>
            {
                w.WriteString(name);
                w.WriteUuid(Guid.Empty);
                Tags(w, r);
            });
        }
        else
        {
            Array(w, ["fuzz-doomed"], (w, name) => w.WriteString(name));
        }

        w.WriteInt32(1_000);
        Tags(w, r);
    }

    private static void DeleteRecords(short v, KafkaWriter w, Random r)
    {
        Array(w, [Topic], (w, name) =>
        {
            w.WriteString(name);
            Array(w, [0], (w, partition) =>
            {
                w.WriteInt32(partition);
                w.WriteInt64(0);
                Tags(w, r);
            });
            Tags(w, r);
        });
        w.WriteInt32(1_000);
        Tags(w, r);
    }

    private static void DescribeLogDirs(short v, KafkaWriter w, Random r)
    {
        if (r.Next(2) == 0)
        {
            w.WriteArrayLength(-1);
        }
        else
        {
            Array(w, [Topic, "fuzz-missing"], (w, name) =>
            {
                w.WriteString(name);
                Array(w, [0, 1], (w, partition) => w.WriteInt32(partition));
                Tags(w, r);
            });
        }

        Tags(w, r);
    }

    /// <summary>A PLAIN login, a SCRAM client-first or client-final message, or noise.</summary>
    private static void SaslAuthenticate(short v, KafkaWriter w, Random r)
    {
        byte[][] tokens = ["\0fuzz\0fuzz-secret"u8.ToArray(), "n,,n=fuzz,r=fyko+d2lbbFgONRv9qkxdawL"u8.ToArray(), "c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts="u8.ToArray()];
        var token = r.Next(4) < 3 ? tokens[r.Next(tokens.Length)] : RandomBytes(r, r.Next(64));
        w.WriteBytes(token);
        w.WriteEmptyTaggedFields();
    }

    private static void DescribeUserScramCredentials(short v, KafkaWriter w, Random r)
    {
        if (r.Next(3) == 0)
        {
            w.WriteArrayLength(-1);
        }
        else
        {
            w.WriteArray(["fuzz-user", "fuzz-ghost"], static (iw, name) =>
            {
                iw.WriteString(name);
                iw.WriteEmptyTaggedFields();
            });
        }

        w.WriteEmptyTaggedFields();
    }

    /// <summary>Deletes a credential that does not exist and upserts one with too few iterations: refused, nothing stored.</summary>
    private static void AlterUserScramCredentials(short v, KafkaWriter w, Random r)
    {
        w.WriteArray(["fuzz-ghost"], static (dw, name) =>
        {
            dw.WriteString(name);
            dw.WriteInt8(1);
            dw.WriteEmptyTaggedFields();
        });
        w.WriteArray(["fuzz-user"], (uw, name) =>
        {
            uw.WriteString(name);
            uw.WriteInt8((sbyte)r.Next(1, 3));
            uw.WriteInt32(r.Next(1, 4096));
            uw.WriteBytes(RandomBytes(r, 16));
            uw.WriteBytes(RandomBytes(r, 32));
            uw.WriteEmptyTaggedFields();
        });
        w.WriteEmptyTaggedFields();
    }

    private static byte[] RandomBytes(Random r, int count)
    {
        var bytes = new byte[count];
        r.NextBytes(bytes);
        return bytes;
    }

    private static void DescribeCluster(short v, KafkaWriter w, Random r)
    {
        w.WriteBool(r.Next(2) == 0);
        if (v >= 1)
        {
            w.WriteInt8((sbyte)r.Next(1, 3));
        }

        if (v >= 2)
        {
            w.WriteBool(false);
        }

        Tags(w, r);
    }

    private static void DescribeProducers(short v, KafkaWriter w, Random r)
    {
        Array(w, [Topic, "fuzz-missing"], (w, name) =>
        {
            w.WriteString(name);
            Array(w, [0, r.Next(-1, 3)], (w, p) => w.WriteInt32(p));
            Tags(w, r);
        });
        Tags(w, r);
    }

    private static void DescribeTransactions(short v, KafkaWriter w, Random r)
    {
        Array(w, ["fuzz-txn", $"fuzz-txn-{r.Next(3)}"], (w, id) => w.WriteString(id));
        Tags(w, r);
    }

    private static void ListTransactions(short v, KafkaWriter w, Random r)
    {
        Array<string>(w, r.Next(2) == 0 ? [] : ["Ongoing", "Bogus"], (w, s) => w.WriteString(s));
        Array<long>(w, r.Next(2) == 0 ? [] : [4242L], (w, p) => w.WriteInt64(p));
        if (v >= 1)
        {
            w.WriteInt64(r.Next(3) - 1);
        }

        Tags(w, r);
    }

    private static void InitProducerId(short v, KafkaWriter w, Random r)
    {
        w.WriteString(null);
        w.WriteInt32(60_000);
        if (v >= 3)
        {
            w.WriteInt64(-1);
            w.WriteInt16((short)-1);
        }

        Tags(w, r);
    }

    private static void OffsetForLeaderEpoch(short v, KafkaWriter w, Random r)
    {
        if (v >= 3)
        {
            w.WriteInt32(-1);
        }

        Array(w, [Topic], (w, name) =>
        {
            w.WriteString(name);
            Array(w, [0], (w, partition) =>
            {
                w.WriteInt32(partition);
                if (v >= 2)
                {
                    w.WriteInt32(-1);
                }

                w.WriteInt32(0);
                Tags(w, r);
            });
            Tags(w, r);
        });
        Tags(w, r);
    }

    private static void AddPartitionsToTxn(short v, KafkaWriter w, Random r)
    {
        void Topics(KafkaWriter w) => Array(w, [Topic], (w, name) =>
        {
            w.WriteString(name);
            Array(w, [0], (w, p) => w.WriteInt32(p));
            Tags(w, r);
        });

        if (v >= 4)
        {
            Array(w, ["fuzz-txn"], (w, id) =>
            {
                w.WriteString(id);
                w.WriteInt64(4242);
                w.WriteInt16((short)0);
                w.WriteBool(false);
                Topics(w);
                Tags(w, r);
            });
        }
        else
        {
            w.WriteString("fuzz-txn");
            w.WriteInt64(4242);
            w.WriteInt16((short)0);
            Topics(w);
        }

        Tags(w, r);
    }

    private static void AddOffsetsToTxn(short v, KafkaWriter w, Random r)
    {
        w.WriteString("fuzz-txn");
        w.WriteInt64(4242);
        w.WriteInt16((short)0);
        w.WriteString(Group);
        Tags(w, r);
    }

    private static void EndTxn(short v, KafkaWriter w, Random r)
    {
        w.WriteString("fuzz-txn");
        w.WriteInt64(4242);
        w.WriteInt16((short)0);
        w.WriteBool(r.Next(2) == 0);
        Tags(w, r);
    }

    private static void TxnOffsetCommit(short v, KafkaWriter w, Random r)
    {
        w.WriteString("fuzz-txn");
        w.WriteString(Group);
        w.WriteInt64(4242);
        w.WriteInt16((short)0);
        if (v >= 3)
        {
            w.WriteInt32(-1);
            w.WriteString(string.Empty);
            w.WriteString(null);
        }

        Array(w, [Topic], (w, name) =>
        {
            w.WriteString(name);
            Array(w, [0], (w, partition) =>
            {
                w.WriteInt32(partition);
                w.WriteInt64(1);
                if (v >= 2)
                {
                    w.WriteInt32(-1);
                }

                w.WriteString(null);
                Tags(w, r);
            });
            Tags(w, r);
        });
        Tags(w, r);
    }

    private static void DescribeConfigs(short v, KafkaWriter w, Random r)
    {
        Array(w, [((sbyte)2, Topic), ((sbyte)4, "1")], (w, resource) =>
        {
            w.WriteInt8(resource.Item1);
            w.WriteString(resource.Item2);
            if (r.Next(2) == 0)
            {
                w.WriteArrayLength(-1);
            }
            else
            {
                Array(w, ["retention.ms", "cleanup.policy"], (w, key) => w.WriteString(key));
            }

            Tags(w, r);
        });
        if (v >= 1)
        {
            w.WriteBool(r.Next(2) == 0);
        }

        if (v >= 3)
        {
            w.WriteBool(r.Next(2) == 0);
        }

        Tags(w, r);
    }

    private static void AlterConfigs(short v, KafkaWriter w, Random r)
    {
        Array(w, [Topic], (w, name) =>
        {
            w.WriteInt8(2);
            w.WriteString(name);
            Array(w, [("retention.ms", "86400000")], (w, c) =>
            {
                w.WriteString(c.Item1);
                w.WriteString(c.Item2);
                Tags(w, r);
            });
            Tags(w, r);
        });
        w.WriteBool(true);
        Tags(w, r);
    }

    private static void CreatePartitions(short v, KafkaWriter w, Random r)
    {
        Array(w, [Topic], (w, name) =>
        {
            w.WriteString(name);
            w.WriteInt32(2);
            w.WriteArrayLength(-1);
            Tags(w, r);
        });
        w.WriteInt32(1_000);
        w.WriteBool(true);
        Tags(w, r);
    }

    private static void DescribeAcls(short v, KafkaWriter w, Random r)
    {
        AclFilter(v, w, r);
        Tags(w, r);
    }

    private static void CreateAcls(short v, KafkaWriter w, Random r)
    {
        Array(w, [Topic], (w, name) =>
        {
            w.WriteInt8(2);
            w.WriteString(name);
            if (v >= 1)
            {
                w.WriteInt8((sbyte)r.Next(3, 5));
            }

            w.WriteString("User:fuzz");
            w.WriteString("*");
            w.WriteInt8((sbyte)r.Next(2, 13));
            w.WriteInt8((sbyte)r.Next(2, 4));
            Tags(w, r);
        });
        Tags(w, r);
    }

    private static void DeleteAcls(short v, KafkaWriter w, Random r)
    {
        Array(w, [0], (w, _) =>
        {
            AclFilter(v, w, r);
            Tags(w, r);
        });
        Tags(w, r);
    }

    /// <summary>A DescribeAcls/DeleteAcls filter: any resource, pattern and entry, or the fuzzer's own principal.</summary>
    private static void AclFilter(short v, KafkaWriter w, Random r)
    {
        w.WriteInt8((sbyte)r.Next(1, 4));
        w.WriteString(r.Next(2) == 0 ? null : Topic);
        if (v >= 1)
        {
            w.WriteInt8((sbyte)r.Next(1, 5));
        }

        w.WriteString(r.Next(2) == 0 ? null : "User:fuzz");
        w.WriteString(null);
        w.WriteInt8(1);
        w.WriteInt8(1);
    }

    private static void DeleteGroups(short v, KafkaWriter w, Random r)
    {
        Array(w, ["fuzz-doomed-group"], (w, g) => w.WriteString(g));
        Tags(w, r);
    }

    private static void OffsetDelete(short v, KafkaWriter w, Random r)
    {
        w.WriteString("fuzz-doomed-group");
        Array(w, [Topic], (w, name) =>
        {
            w.WriteString(name);
            Array(w, [0], (w, partition) =>
            {
                w.WriteInt32(partition);
                Tags(w, r);
            });
            Tags(w, r);
        });
        Tags(w, r);
    }

    private static void IncrementalAlterConfigs(short v, KafkaWriter w, Random r)
    {
        Array(w, [Topic], (w, name) =>
        {
            w.WriteInt8(2);
            w.WriteString(name);
            Array(w, [("retention.ms", "86400000")], (w, c) =>
            {
                w.WriteString(c.Item1);
                w.WriteInt8(0);
                w.WriteString(c.Item2);
                Tags(w, r);
            });
            Tags(w, r);
        });
        w.WriteBool(true);
        Tags(w, r);
    }

    /// <summary>ConsumerProtocolSubscription v0 (never flexible): topics and null user data.</summary>
    private static byte[] ConsumerSubscription()
    {
        using var w = new KafkaWriter();
        w.WriteInt16((short)0);
        w.WriteArray([Topic], (w, t) => w.WriteString(t));
        w.WriteNullableBytes(null);
        return w.WrittenMemory.ToArray();
    }

    /// <summary>ConsumerProtocolAssignment v0: partition 0 of the fuzz topic and null user data.</summary>
    private static byte[] ConsumerAssignment()
    {
        using var w = new KafkaWriter();
        w.WriteInt16((short)0);
        w.WriteArray([Topic], (w, t) =>
        {
            w.WriteString(t);
            w.WriteArray([0], (w, p) => w.WriteInt32(p));
        });
        w.WriteNullableBytes(null);
        return w.WrittenMemory.ToArray();
    }

    private static void Array<T>(KafkaWriter w, IReadOnlyCollection<T> items, Action<KafkaWriter, T> element) => w.WriteArray(items, element);

    /// <summary>An empty tag section, or now and then one unknown tag, which a receiver must skip (KIP-482).</summary>
    private static void Tags(KafkaWriter w, Random r)
    {
        if (!w.Flexible)
        {
            return;
        }

        if (r.Next(5) != 0)
        {
            w.WriteUnsignedVarInt(0);
            return;
        }

        var value = new byte[r.Next(0, 6)];
        r.NextBytes(value);
        w.WriteUnsignedVarInt(1);
        w.WriteUnsignedVarInt((uint)(1000 + r.Next(100)));
        w.WriteUnsignedVarInt((uint)value.Length);
        w.WriteRaw(value);
    }
}
