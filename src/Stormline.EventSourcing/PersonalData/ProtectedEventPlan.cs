using System.Text;

namespace Stormline.EventSourcing.PersonalData;

/// <summary>
/// A <see cref="ProtectedEvent"/> ready for the byte-level rewrite: the subject field's and each field path's UTF-8
/// (the path is the seal's associated data) and each field's erased value as JSON, computed once per type.
/// </summary>
internal sealed class ProtectedEventPlan
{
    public ProtectedEventPlan(ProtectedEvent shape)
    {
        Shape = shape;
        Subject = Encoding.UTF8.GetBytes(shape.SubjectField);
        Tree = FieldPathTree.From(shape.Fields);
        Paths = [.. shape.Fields.Select(f => Encoding.UTF8.GetBytes(f.Path))];
        Erased = [.. shape.Fields.Select(f => Encoding.UTF8.GetBytes(f.Erased?.ToJsonString() ?? "null"))];
    }

    public ProtectedEvent Shape { get; }

    public byte[] Subject { get; }

    public FieldPathTree Tree { get; }

    public byte[][] Paths { get; }

    public byte[][] Erased { get; }
}
