using System.CommandLine;
using Stormline.Model.Board;

namespace Stormline.Cli.Commands;

/// <summary><c>stormline model board FILE --out board.html</c>: draws the model as a storming wall in one HTML file.</summary>
internal static class ModelBoardCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "The model file, e.g. models/shop.storm.yaml." };
        var output = new Option<string>("--out", "-o") { Description = "Where to write the HTML page.", DefaultValueFactory = _ => "board.html" };
        var command = new Command("board", "Draw the model as an Event Storming wall: one self-contained HTML page, one swimlane per context, time left to right.")
        {
            file, output,
        };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            var (model, diagnostics, exitCode) = ModelFile.Load("model board", path);
            if (model is null)
            {
                return exitCode;
            }

            var errors = diagnostics.Count(d => d.IsError);
            if (errors > 0)
            {
                // Still drawn: seeing the board is often how a broken flow gets understood.
                Console.Error.WriteLine($"note: the model has {ModelFile.Count(errors, "error")}; run 'stormline model check {path}' for the list. Drawing it anyway.");
            }

            var target = Path.GetFullPath(parse.GetValue(output)!);
            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.WriteAllText(target, BoardRenderer.Render(BoardPlanner.Plan(model)));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"stormline model board: cannot write {target}: {ex.Message}; pass a writable path with --out");
                return ExitCodes.Usage;
            }

            Console.WriteLine($"Wrote {target} ({ModelFile.Count(model.Contexts.Count, "context")}); open it in a browser.");
            return 0;
        });
        return command;
    }
}
