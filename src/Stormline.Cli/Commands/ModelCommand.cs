using System.CommandLine;

namespace Stormline.Cli.Commands;

/// <summary><c>stormline model …</c>: work with an Event Storming board kept as a <c>*.storm.yaml</c> file.</summary>
internal static class ModelCommand
{
    public static Command Create() => new("model", "Check, draw and analyse an event model (*.storm.yaml; format in docs/model.md).")
    {
        ModelCheckCommand.Create(),
        ModelBoardCommand.Create(),
        ModelBoundariesCommand.Create(),
        ModelDriftCommand.Create(),
    };
}
