using Microsoft.Extensions.Logging;

namespace Stormline.Registry;

/// <summary>The registry's log messages, with stable event ids (2000-2099).</summary>
internal static partial class RegistryLog
{
    [LoggerMessage(2000, LogLevel.Information, "Registry loaded {Records} log records (highest schema id {MaxId}) from {Path}", EventName = "RegistryLoaded")]
    public static partial void Loaded(ILogger logger, int records, int maxId, string path);

    [LoggerMessage(2001, LogLevel.Information, "Registered subject {Subject} version {Version} as schema id {Id}", EventName = "SchemaRegistered")]
    public static partial void Registered(ILogger logger, string subject, int version, int id);

    [LoggerMessage(2002, LogLevel.Information, "Rejected an incompatible schema for subject {Subject} ({Messages} messages)", EventName = "SchemaIncompatible")]
    public static partial void Incompatible(ILogger logger, string subject, int messages);

    [LoggerMessage(2003, LogLevel.Information, "Compatibility of {Subject} set to {Level}", EventName = "ConfigChanged")]
    public static partial void ConfigChanged(ILogger logger, string subject, string level);

    [LoggerMessage(2004, LogLevel.Information, "Schema registry listening on {Url}", EventName = "RegistryListening")]
    public static partial void Listening(ILogger logger, string url);

    [LoggerMessage(2005, LogLevel.Warning, "The cluster refused cleanup.policy=compact for {Topic} ({Reason}); created it with cleanup.policy=delete and infinite retention instead", EventName = "RegistryTopicNotCompacted")]
    public static partial void NoCompaction(ILogger logger, string topic, string reason);

    [LoggerMessage(2006, LogLevel.Information, "Another registry wrote first; running the write again on the new state (attempt {Attempt})", EventName = "RegistryWriteConflict")]
    public static partial void WriteConflict(ILogger logger, int attempt);

    /// <summary>
    /// librdkafka's own lines, which it would print to stderr: at Debug, since it repeats a refused connection every
    /// reconnect and the registry reports what failed in its own words (at start, and in each 500 answer).
    /// </summary>
    [LoggerMessage(2007, LogLevel.Debug, "Kafka client {Client} ({Level}): {Message}", EventName = "RegistryKafkaClient")]
    public static partial void KafkaClient(ILogger logger, string client, Confluent.Kafka.SyslogLevel level, string message);

    public static void KafkaClient(ILogger logger, Confluent.Kafka.LogMessage message) => KafkaClient(logger, message.Name, message.Level, message.Message);
}
