using System.CommandLine;
using System.Globalization;
using Stormline.Model.Flow;

namespace Stormline.Cli.Commands;

/// <summary><c>stormline model boundaries FILE</c>: proposed contexts from the flow graph, compared with the declared ones, and coupling.</summary>
internal static class ModelBoundariesCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "The model file, e.g. models/shop.storm.yaml." };
        var maxSenders = new Option<int>("--max-sender-contexts") { Description = "Report an aggregate whose commands are sent from more contexts than this.", DefaultValueFactory = _ => 2 }.Between(0, 1000);
        var command = new Command("boundaries", "Propose bounded contexts by clustering the flow graph (command → aggregate → event → policy → command), compare them with the declared contexts, and report coupling per pair of contexts.")
        {
            file, maxSenders,
        };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            var (model, diagnostics, exitCode) = ModelFile.Load("model boundaries", path);
            if (model is null)
            {
                return exitCode;
            }

            if (diagnostics.Any(d => d.IsError))
            {
                Console.Error.WriteLine($"note: the model has errors (stormline model check {path}); dangling references are left out of the graph.");
            }

            var report = BoundaryAnalyzer.Analyze(model, parse.GetValue(maxSenders));
            Print(report, Console.Out);
            return 0;
        });
        return command;
    }

    private static void Print(BoundaryReport report, TextWriter output)
    {
        output.WriteLine($"Flow graph: {report.Nodes} nodes, {report.Links} links.");
        output.WriteLine();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Proposed bounded contexts (greedy modularity clustering, modularity {report.Modularity:0.00}):"));
        foreach (var proposed in report.Proposed)
        {
            output.WriteLine($"  {proposed.Name} (mostly declared {proposed.Declared})");
            foreach (var kind in proposed.Members.GroupBy(m => m.Kind))
            {
                output.WriteLine($"    {(kind.Key == "policy" ? "policies" : kind.Key + "s")}: {string.Join(", ", kind.Select(m => m.Name))}");
            }
        }

        output.WriteLine();
        if (report.Differences.Count == 0)
        {
            output.WriteLine("Compared with the declared contexts: the flow agrees with them.");
        }
        else
        {
            output.WriteLine($"Compared with the declared contexts: {report.Differences.Count} difference(s):");
            foreach (var difference in report.Differences)
            {
                output.WriteLine($"  - {difference}");
            }
        }

        output.WriteLine();
        output.WriteLine("Coupling between declared contexts (most coupled first):");
        if (report.Couplings.Count == 0)
        {
            output.WriteLine("  none");
        }

        foreach (var coupling in report.Couplings)
        {
            output.WriteLine($"  {coupling.A} ↔ {coupling.B}:");
            output.WriteLine($"    events {coupling.A} → {coupling.B}: {List(coupling.EventsAToB)}");
            output.WriteLine($"    events {coupling.B} → {coupling.A}: {List(coupling.EventsBToA)}");
            output.WriteLine($"    policies across: {List(coupling.Policies)}");
            output.WriteLine($"    shared data fields: {List(coupling.SharedFields)}");
        }

        output.WriteLine();
        if (report.BusyAggregates.Count == 0)
        {
            output.WriteLine("No aggregate takes commands from too many contexts.");
        }

        foreach (var busy in report.BusyAggregates)
        {
            output.WriteLine($"Aggregate {busy.Aggregate} ({busy.Context}) takes commands from {busy.CommandsBySenderContext.Count} contexts; it may be orchestrating others' work:");
            foreach (var (context, commands) in busy.CommandsBySenderContext)
            {
                output.WriteLine($"    from {context}: {string.Join(", ", commands)}");
            }
        }
    }

    private static string List(IReadOnlyList<string> items) => items.Count == 0 ? "none" : $"{items.Count} ({string.Join(", ", items)})";
}
