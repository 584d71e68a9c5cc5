using Stormline.Model.Elements;
using Stormline.Model.Parsing;
using Stormline.OpsConsole.Api;

namespace Stormline.OpsConsole.Model;

/// <summary>The event model file the console was started with (<c>--model</c>), read once, for the board and the drift page.</summary>
internal sealed class ConsoleModel(ConsoleOptions options)
{
    private readonly Lazy<(EventModel? Model, string? Error)> _model = new(() => Load(options.ModelFile));

    public string Path => options.ModelFile ?? throw Missing();

    /// <summary>The model when the console was started with one that reads; null otherwise.</summary>
    public EventModel? Loaded => _model.Value.Model;

    /// <summary>The model, or a 404 problem that says how to start the console with one.</summary>
    public EventModel Model => _model.Value.Model ?? throw Missing();

    private ConsoleProblem Missing() =>
        new(404, "No event model", _model.Value.Error ?? "The console was started without --model; restart it with --model models/shop.storm.yaml.");

    private static (EventModel?, string?) Load(string? path)
    {
        if (path is null)
        {
            return (null, null);
        }

        if (!File.Exists(path))
        {
            return (null, $"The model file {path} does not exist.");
        }

        var parsed = ModelParser.ParseFile(path);
        return parsed.Model is null ? (null, $"{path} could not be read; run 'stormline model check {path}'.") : (parsed.Model, null);
    }
}
