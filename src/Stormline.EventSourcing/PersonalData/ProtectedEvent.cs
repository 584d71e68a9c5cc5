namespace Stormline.EventSourcing.PersonalData;

/// <summary>An event type with personal fields and the top-level field that names their data subject.</summary>
public sealed record ProtectedEvent(string SubjectField, IReadOnlyList<ProtectedField> Fields);
