namespace Stormline.Registry.Checks;

/// <summary>How to name the reader and writer in messages: "new"/"old" for BACKWARD, the other way round for FORWARD.</summary>
internal sealed record ReadRoles(string Reader, string Writer)
{
    public static readonly ReadRoles NewReadsOld = new("new", "old");
    public static readonly ReadRoles OldReadsNew = new("old", "new");
}
