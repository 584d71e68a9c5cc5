using System.CommandLine;

namespace Stormline.Cli;

/// <summary>
/// Runs a command under the one exit-code contract (<see cref="ExitCodes"/>): a parse error (unknown option, malformed
/// or out-of-range value) is 2 with the error and where to find help, and no command ends in a stack trace: a failure
/// that escapes one is a one-line message — 3 when a server could not be reached, 2 for input it could not use.
/// </summary>
public static class CommandLine
{
    public static async Task<int> RunAsync(RootCommand root, string[] args)
    {
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                await Console.Error.WriteLineAsync($"stormline: {error.Message}");
            }

            var path = string.Join(' ', Path(parse.CommandResult));
            await Console.Error.WriteLineAsync($"Run '{path} --help' for the options.");
            return ExitCodes.Usage;
        }

        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            var unreachable = ex is HttpRequestException or System.Net.Sockets.SocketException or Confluent.Kafka.KafkaException or TimeoutException;
            await Console.Error.WriteLineAsync($"stormline: {ex.Message}");
            return unreachable ? ExitCodes.Unreachable : ExitCodes.Usage;
        }
    }

    private static IEnumerable<string> Path(System.CommandLine.Parsing.CommandResult result)
    {
        var names = new Stack<string>();
        for (var command = result; command is not null; command = command.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Push(command.Command is RootCommand ? "stormline" : command.Command.Name);
        }

        return names;
    }
}
