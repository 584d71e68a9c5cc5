using System.CommandLine;
using Stormline.Cli.Topics;

namespace Stormline.Cli.Commands;

/// <summary><c>stormline topics plan|apply FILE --bootstrap HOST:PORT</c>: make a Kafka cluster's topics match the model's topic plan.</summary>
internal static class TopicsCommand
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public static Command Create() => new("topics", "Compare a cluster's topics with the model's topic plan (plan) and make them match (apply).")
    {
        Sub("plan", "Print what apply would change: topics to create, partitions to raise, configs to alter, topics not in the plan.", apply: false),
        Sub("apply", "Print the diff, then create missing topics, raise partition counts and alter configs. Never deletes without --allow-delete.", apply: true),
    };

    private static Command Sub(string name, string description, bool apply)
    {
        var file = new Argument<string>("FILE") { Description = "The model file, e.g. models/shop.storm.yaml." };
        var bootstrap = new Option<string>("--bootstrap", "-b") { Description = "The cluster, HOST:PORT.", Required = true };
        var allowDelete = new Option<bool>("--allow-delete") { Description = "Delete topics named like the plan's (*-events, *-events.dlq) that the plan does not have." };
        var yes = new Option<bool>("--yes", "-y") { Description = "Apply without asking." };
        var command = new Command(name, description) { file, bootstrap };
        var planArguments = new TopicPlanArguments();
        planArguments.AddTo(command);
        var clientArguments = new ClientArguments(registry: false);
        clientArguments.AddTo(command);
        if (apply)
        {
            command.Options.Add(allowDelete);
            command.Options.Add(yes);
        }

        command.SetAction(async (parse, _) =>
        {
            var path = parse.GetValue(file)!;
            var options = planArguments.Read(parse, $"topics {name}");
            var clients = clientArguments.Read(parse, $"topics {name}");
            if (options is null || clients is null)
            {
                return ExitCodes.Usage;
            }

            var (model, diagnostics, exitCode) = ModelFile.Load($"topics {name}", path);
            if (model is null)
            {
                return exitCode;
            }

            if (diagnostics.Any(d => d.IsError))
            {
                ModelFile.Print(diagnostics.Where(d => d.IsError).ToList(), Console.Error);
                Console.Error.WriteLine($"stormline topics {name}: {path} has errors, so no plan was made; fix them (stormline model check {path}) and run again");
                return ExitCodes.Findings;
            }

            var assumeYes = parse.GetValue(yes);
            return await TopicSync.RunAsync(model, options, parse.GetValue(bootstrap)!, apply, parse.GetValue(allowDelete),
                () => assumeYes || Confirm(), Console.Out, Console.Error, Timeout, clients);
        });
        return command;
    }

    private static bool Confirm()
    {
        Console.Write("Apply these changes? [y/N] ");
        var answer = Console.ReadLine();
        if (answer is null)
        {
            Console.WriteLine();
            Console.Error.WriteLine("stormline topics apply: no answer on standard input; pass --yes to apply without asking");
        }

        return answer?.Trim() is "y" or "Y" or "yes";
    }
}
