namespace Stormline.Model.Elements;

/// <summary>Where an event carries personal data: its marked fields and, through value objects, theirs ("shippingAddress.street").</summary>
public static class PersonalDataPaths
{
    public static IEnumerable<(string Path, PersonalDataMark Mark)> Of(EventModel model, DomainEvent domainEvent) =>
        Walk(model, domainEvent.Fields, "", new HashSet<string>(StringComparer.Ordinal));

    private static IEnumerable<(string Path, PersonalDataMark Mark)> Walk(EventModel model, IReadOnlyList<Field> fields, string prefix, HashSet<string> visiting)
    {
        foreach (var field in fields)
        {
            var path = prefix + field.Name;
            if (field.Pii is { } mark)
            {
                yield return (path, mark);
            }
            else if (model.FindValueObject(field.Type.Element) is { } inner && visiting.Add(inner.Name))
            {
                foreach (var nested in Walk(model, inner.Fields, path + ".", visiting))
                {
                    yield return nested;
                }

                visiting.Remove(inner.Name);
            }
        }
    }
}
