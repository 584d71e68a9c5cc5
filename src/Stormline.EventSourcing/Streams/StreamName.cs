namespace Stormline.EventSourcing.Streams;

/// <summary>
/// The name of one event stream, "{Category}-{Id}" (e.g. "Order-42"). The category is the aggregate type, so it is
/// also what stream metadata reports as the stream's type. Checked on construction so a bad name never reaches SQL.
/// </summary>
public readonly record struct StreamName
{
    public StreamName(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        var dash = value.IndexOf('-');
        if (dash <= 0 || dash == value.Length - 1)
            throw new ArgumentException($"Stream name '{value}' must look like 'Category-Id'.", nameof(value));
        Value = value;
    }

    public string Value { get; }

    /// <summary>The part before the first dash: the aggregate type.</summary>
    public string Category => Value[..Value.IndexOf('-')];

    /// <summary>The part after the first dash: the aggregate id.</summary>
    public string Id => Value[(Value.IndexOf('-') + 1)..];

    public static StreamName For<T>(string id) => For(typeof(T).Name, id);

    public static StreamName For(string category, string id)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(category);
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        if (category.Contains('-'))
            throw new ArgumentException($"Category '{category}' must not contain a dash.", nameof(category));
        return new StreamName($"{category}-{id}");
    }

    public override string ToString() => Value;
}
