using System.CommandLine;
using Stormline.Model.Generation;

namespace Stormline.Cli.Commands;

/// <summary>The topic planner's figures as options, shared by <c>generate</c> and <c>topics</c> so both plan the same topics.</summary>
internal sealed class TopicPlanArguments
{
    private static readonly TopicPlanOptions Defaults = new();

    private readonly Option<double> _producerRate = new("--producer-rate") { Description = "Events/s one partition takes from producers.", DefaultValueFactory = _ => Defaults.ProducerEventsPerPartition };
    private readonly Option<double> _consumerRate = new("--consumer-rate") { Description = "Events/s one consumer instance handles.", DefaultValueFactory = _ => Defaults.ConsumerEventsPerPartition };
    private readonly Option<int> _minPartitions = new("--min-partitions") { Description = "Fewest partitions per event topic.", DefaultValueFactory = _ => Defaults.MinPartitions };
    private readonly Option<short> _replication = new("--replication-factor") { Description = "Replicas per partition (min.insync.replicas is one less).", DefaultValueFactory = _ => Defaults.ReplicationFactor };

    public void AddTo(Command command)
    {
        command.Options.Add(_producerRate);
        command.Options.Add(_consumerRate);
        command.Options.Add(_minPartitions);
        command.Options.Add(_replication);
    }

    /// <summary>The options given, or null (after saying what is wrong) when a figure is out of range.</summary>
    public TopicPlanOptions? Read(ParseResult parse, string command)
    {
        var options = new TopicPlanOptions
        {
            ProducerEventsPerPartition = parse.GetValue(_producerRate),
            ConsumerEventsPerPartition = parse.GetValue(_consumerRate),
            MinPartitions = parse.GetValue(_minPartitions),
            ReplicationFactor = parse.GetValue(_replication),
        };
        if (options.ProducerEventsPerPartition <= 0 || options.ConsumerEventsPerPartition <= 0 || options.MinPartitions < 1 || options.ReplicationFactor < 1)
        {
            Console.Error.WriteLine($"stormline {command}: --producer-rate and --consumer-rate must be > 0, --min-partitions and --replication-factor ≥ 1");
            return null;
        }

        return options;
    }
}
