using System.CommandLine;
using Stormline.Cli.Commands;

var root = new RootCommand("Stormline: from an Event Storming board to running, observable, event-sourced services on Kafka.")
{
    BrokerCommand.Create(),
    ConsoleCommand.Create(),
    ModelCommand.Create(),
    GenerateCommand.Create(),
    RegistryCommand.Create(),
    SchemaCommand.Create(),
    TopicsCommand.Create(),
    OpsCommand.Create(),
    UpCommand.Create(),
    LoadCommand.Create(),
};

return await root.Parse(args).InvokeAsync();
