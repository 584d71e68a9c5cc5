using System.CommandLine;

namespace Stormline.Cli.Commands;

/// <summary><c>stormline model check FILE</c>: lists errors and warnings apart; exits 1 when there is an error.</summary>
internal static class ModelCheckCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "The model file, e.g. models/shop.storm.yaml." };
        var command = new Command("check", "Find naming problems, dangling references, duplicates, missing ids and unknown types. Exit code 1 on errors; warnings do not fail.")
        {
            file,
        };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            var (model, diagnostics, exitCode) = ModelFile.Load("model check", path);
            if (model is null)
            {
                return exitCode;
            }

            ModelFile.Print(diagnostics, Console.Out);
            var errors = diagnostics.Count(d => d.IsError);
            var warnings = diagnostics.Count - errors;
            var verdict = errors > 0 ? "fix the errors above (warnings do not fail the check)" : "ok";
            Console.WriteLine($"{path}: {ModelFile.Count(errors, "error")}, {ModelFile.Count(warnings, "warning")}: {verdict}");
            return errors > 0 ? ExitCodes.Findings : 0;
        });
        return command;
    }
}
