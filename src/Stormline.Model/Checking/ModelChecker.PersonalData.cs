using Stormline.Model.Elements;

namespace Stormline.Model.Checking;

/// <summary>Personal data: an event that carries marked fields names its data subject, a readable scalar field of its own.</summary>
public sealed partial class ModelChecker
{
    private void CheckPersonalData()
    {
        foreach (var domainEvent in _model.Events)
        {
            var marked = PersonalDataPaths.Of(_model, domainEvent).Select(p => p.Path).ToList();
            if (domainEvent.Subject is not { } subject)
            {
                if (marked.Count > 0)
                {
                    Error("pii-without-subject", $"event {domainEvent.Name} carries personal data ({string.Join(", ", marked)}) but names no data subject; "
                        + "add 'subject: <field>' naming the field that identifies the person, e.g. 'subject: userId'", domainEvent.Location);
                }

                continue;
            }

            var field = domainEvent.Fields.FirstOrDefault(f => f.Name == subject.Name);
            if (field is null)
            {
                Error("unknown-subject", $"event {domainEvent.Name} names subject {subject.Name}, which is not one of its fields"
                    + Suggest(subject.Name, domainEvent.Fields.Select(f => f.Name)), subject.Location);
            }
            else if (field.Pii is not null)
            {
                Error("pii-subject", $"the subject field {field.Name} of event {domainEvent.Name} is marked pii; the subject names the person's key and "
                    + "stays readable, so remove 'pii' from it (erase what it points to instead)", field.Pii.Location);
            }
            else if (field.Type.IsArray || field.Type.IsOptional || !SubjectTypes.Contains(field.Type.Element))
            {
                Error("bad-subject", $"the subject field {field.Name} of event {domainEvent.Name} has type '{field.Type.Text}'; a subject is one required "
                    + $"{string.Join(", ", SubjectTypes)} value", subject.Location);
            }
            else if (marked.Count == 0)
            {
                Warning("subject-without-pii", $"event {domainEvent.Name} names subject {subject.Name} but has no field marked 'pii'; mark the personal fields, or drop 'subject'", subject.Location);
            }
        }
    }

    private static readonly string[] SubjectTypes = [PrimitiveType.String, PrimitiveType.Uuid, PrimitiveType.Long, PrimitiveType.Int];
}
