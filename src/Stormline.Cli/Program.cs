using System.CommandLine;
using Stormline.Cli;
using Stormline.Cli.Commands;

var root = new RootCommand("Stormline: from an Event Storming board to running, observable, event-sourced services on Kafka. "
    + "Exit codes, for every command: 0 ok, 1 findings (model errors, a breaking change, drift), 2 usage, 3 a server could not be reached.")
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
    ProjectionsCommand.Create(),
    ForgetCommand.Create(),
};

return await CommandLine.RunAsync(root, args);
