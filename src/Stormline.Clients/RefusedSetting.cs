namespace Stormline.Clients;

/// <summary>
/// librdkafka judges settings when a client is built: an unknown name throws <see cref="InvalidOperationException"/>
/// ("No such configuration property") and a bad value <see cref="ArgumentException"/> ("Invalid value … for configuration
/// property …"). Tools catch these around the build and say which setting it was and where settings come from.
/// </summary>
public static class RefusedSetting
{
    /// <summary>
    /// Whether <paramref name="exception"/> is librdkafka refusing a setting. No exception type of its own marks it, so
    /// it is known by where it was thrown (Confluent.Kafka's config handle) or, failing that, by librdkafka's wording.
    /// </summary>
    public static bool Is(Exception exception) =>
        exception is ArgumentException or InvalidOperationException
        && (exception.TargetSite?.DeclaringType?.FullName == "Confluent.Kafka.Impl.SafeConfigHandle"
            || exception.Message.Contains("configuration property", StringComparison.Ordinal));

    public static string Describe(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return $"the Kafka client refused a setting: {exception.Message}; fix it where it is given (--kafka-config, --kafka-config-file "
            + "or a Kafka__Client__NAME variable), by librdkafka's names (https://github.com/confluentinc/librdkafka/blob/master/CONFIGURATION.md)";
    }
}
