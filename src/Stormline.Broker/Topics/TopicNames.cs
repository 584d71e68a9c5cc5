namespace Stormline.Broker.Topics;

/// <summary>Kafka's rules for topic names: 1–249 characters of [a-zA-Z0-9._-], and not "." or "..".</summary>
public static class TopicNames
{
    public const int MaxLength = 249;

    public static string? Validate(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "Topic name is empty";
        }

        if (name is "." or "..")
        {
            return $"Topic name cannot be '{name}'";
        }

        if (name.Length > MaxLength)
        {
            return $"Topic name is longer than {MaxLength} characters";
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
            {
                return $"Topic name '{name}' contains '{c}'; legal characters are ASCII letters, digits, '.', '_' and '-'";
            }
        }

        return null;
    }
}
