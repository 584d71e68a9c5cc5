using Stormline.Model.Elements;
using Stormline.Model.Flow;

namespace Stormline.Model.Board;

/// <summary>
/// Lays the model out as a storming wall: one swimlane per context, one column per step of the flow (see
/// <see cref="FlowOrder"/>), and in each column the slice trigger → command → aggregate → events → external systems.
/// What belongs to no slice (read models, unplaced events, open hotspots) goes to the lane's end.
/// </summary>
public sealed partial class BoardPlanner
{
    public const double LaneHeaderWidth = 190;
    public const double ColumnWidth = 196;
    public const double StickyWidth = 164;
    public const double Gap = 10;
    public const double LanePadding = 16;
    public const double LaneGap = 12;
    private const int TrailingPerColumn = 4;

    private readonly EventModel _model;
    private readonly HashSet<(StickyKind, string)> _placed = [];

    private BoardPlanner(EventModel model) => _model = model;

    public static BoardLayout Plan(EventModel model) => new BoardPlanner(model).Plan();

    private BoardLayout Plan()
    {
        var columns = AssignColumns(out var columnCount);
        var slices = new Dictionary<(string Context, int Column), List<Sticky>>();
        foreach (var command in _model.Commands.OrderBy(c => columns[c.Name]))
        {
            slices[(command.Context, columns[command.Name])] = Slice(command);
        }

        var lanes = new List<Swimlane>();
        var stickies = new List<Sticky>();
        var y = 0.0;
        var widest = columnCount;
        foreach (var (context, index) in _model.Contexts.DistinctBy(c => c.Name).Select((c, i) => (c, i)))
        {
            var trailing = Trailing(context, index == 0);
            var stacks = slices.Where(s => s.Key.Context == context.Name).Select(s => (Column: s.Key.Column, Items: s.Value)).ToList();
            for (var t = 0; t * TrailingPerColumn < trailing.Count; t++)
            {
                stacks.Add((columnCount + t, trailing.Skip(t * TrailingPerColumn).Take(TrailingPerColumn).ToList()));
            }

            widest = Math.Max(widest, stacks.Count == 0 ? 0 : stacks.Max(s => s.Column) + 1);
            var laneHeight = 0.0;
            foreach (var (column, items) in stacks)
            {
                var top = y + LanePadding;
                var x = LaneHeaderWidth + (column * ColumnWidth) + ((ColumnWidth - StickyWidth) / 2);
                foreach (var item in items)
                {
                    stickies.Add(item with { X = x, Y = top });
                    top += item.Height + Gap;
                }

                laneHeight = Math.Max(laneHeight, top - y - Gap + LanePadding);
            }

            laneHeight = Math.Max(laneHeight, 150);
            lanes.Add(new Swimlane(context.Name, context.Label, context.TopicName, y, laneHeight));
            y += laneHeight + LaneGap;
        }

        var arrows = _model.Policies
            .Select(p => (From: stickies.FirstOrDefault(s => s.Kind == StickyKind.Event && s.Name == p.When.Name),
                To: stickies.FirstOrDefault(s => s.Kind == StickyKind.Policy && s.Name == p.Name)))
            .Where(a => a.From is not null && a.To is not null)
            .Select(a => new PolicyArrow(a.From!, a.To!, a.From!.Context != a.To!.Context))
            .ToList();
        return new BoardLayout(_model.Name, _model.Label, lanes, stickies, arrows, LaneHeaderWidth + (widest * ColumnWidth) + LanePadding, Math.Max(y - LaneGap, 0));
    }

    /// <summary>Steps become columns; commands of one context at the same step sit side by side.</summary>
    private Dictionary<string, int> AssignColumns(out int columnCount)
    {
        var steps = FlowOrder.Steps(_model);
        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        var next = 0;
        foreach (var step in _model.Commands.GroupBy(c => steps[c.Name]).OrderBy(g => g.Key))
        {
            var width = 1;
            foreach (var sameContext in step.GroupBy(c => c.Context))
            {
                var i = 0;
                foreach (var command in sameContext)
                {
                    columns.TryAdd(command.Name, next + i++);
                }

                width = Math.Max(width, i);
            }

            next += width;
        }

        columnCount = next;
        return columns;
    }
}
