namespace Stormline.Model.Board;

/// <summary>The sticky notes of an Event Storming wall; each has its colour on the board.</summary>
public enum StickyKind
{
    Actor,
    Policy,
    Command,
    Aggregate,
    Event,
    ExternalSystem,
    ReadModel,
    Hotspot,
}
