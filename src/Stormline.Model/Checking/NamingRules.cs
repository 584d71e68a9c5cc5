using System.Text.RegularExpressions;
using Stormline.Model.Elements;

namespace Stormline.Model.Checking;

/// <summary>
/// A deliberately small heuristic for English names, explained in docs/model.md:
/// an event's last word must look like a past participle (ends in -ed, or is a known irregular such as Paid, Sent);
/// a command's first word must not (CreatedOrder), nor be a gerund (CreatingOrder), and its last word must not either
/// (OrderCreated is an event, not a command; MarkOrderPaid is fine because it starts with a known verb). Words it gets wrong go in the model's <c>vocabulary</c>.
/// </summary>
public static partial class NamingRules
{
    private static readonly HashSet<string> IrregularPast = new(StringComparer.OrdinalIgnoreCase)
    {
        "Bought", "Begun", "Bid", "Bound", "Broken", "Brought", "Built", "Caught", "Chosen", "Cut", "Dealt", "Done", "Drawn",
        "Driven", "Fed", "Felt", "Found", "Forgiven", "Forgotten", "Frozen", "Given", "Gone", "Got", "Gotten", "Held", "Hidden",
        "Hit", "Hung", "Kept", "Known", "Laid", "Led", "Left", "Lent", "Let", "Lost", "Made", "Meant", "Met", "Overpaid",
        "Paid", "Prepaid", "Put", "Quit", "Read", "Rebuilt", "Repaid", "Reset", "Resent", "Resold", "Ridden", "Risen", "Run",
        "Said", "Seen", "Sent", "Set", "Shown", "Shut", "Sold", "Sought", "Spent", "Split", "Spoken", "Spun", "Stolen", "Struck",
        "Sworn", "Taken", "Taught", "Thrown", "Told", "Torn", "Understood", "Undone", "Upheld", "Withdrawn", "Withheld", "Won",
        "Worn", "Written",
    };

    // Base-form verbs that end like past participles or gerunds.
    private static readonly HashSet<string> BaseFormLookalikes = new(StringComparer.OrdinalIgnoreCase)
    {
        "Bleed", "Breed", "Bring", "Embed", "Exceed", "Feed", "Heed", "Need", "Ping", "Proceed", "Ring", "Seed", "Shed", "Shred",
        "Sing", "Speed", "Spring", "String", "Succeed", "Swing", "Weed",
    };

    // Verbs that commands commonly start with; with one of these first, a past participle later is a complement (MarkOrderPaid).
    private static readonly HashSet<string> CommandVerbs = new(StringComparer.OrdinalIgnoreCase)
    {
        "Accept", "Activate", "Add", "Apply", "Approve", "Archive", "Assign", "Authorize", "Book", "Calculate", "Cancel", "Capture",
        "Change", "Charge", "Close", "Complete", "Confirm", "Create", "Deactivate", "Decline", "Delete", "Deliver", "Disable",
        "Enable", "Expire", "Flag", "Issue", "Keep", "Mark", "Move", "Notify", "Open", "Pay", "Place", "Process", "Publish",
        "Record", "Refund", "Register", "Reject", "Release", "Remove", "Rename", "Renew", "Request", "Reserve", "Restore",
        "Resume", "Retry", "Schedule", "Send", "Set", "Ship", "Sign", "Start", "Stop", "Submit", "Suspend", "Update", "Validate",
        "Verify", "Void",
    };

    /// <summary>Splits PascalCase into words, keeping acronyms together: <c>SendSMSCode</c> → Send, SMS, Code.</summary>
    public static IReadOnlyList<string> Words(string name) => WordPattern().Matches(name).Select(m => m.Value).ToList();

    public static bool IsPastTense(string word, Vocabulary vocabulary) =>
        vocabulary.PastTense.Contains(word, StringComparer.OrdinalIgnoreCase)
        || IrregularPast.Contains(word)
        || (word.Length > 3 && word.EndsWith("ed", StringComparison.OrdinalIgnoreCase) && !BaseFormLookalikes.Contains(word));

    /// <summary>Null when the event name is fine, else the reason.</summary>
    public static string? EventProblem(string name, Vocabulary vocabulary)
    {
        var words = Words(name);
        if (words.Count == 0 || IsPastTense(words[^1], vocabulary))
        {
            return null;
        }

        var last = words[^1];
        var guess = string.Concat(words.Take(words.Count - 1)) + PastOf(last);
        return $"event {name} is not in the past tense: its last word '{last}' should say what happened, e.g. {guess}; "
            + $"if '{last}' is already past tense, add it to vocabulary.pastTense";
    }

    /// <summary>Null when the command name reads as an imperative, else the reason.</summary>
    public static string? CommandProblem(string name, Vocabulary vocabulary)
    {
        var words = Words(name);
        if (words.Count == 0)
        {
            return null;
        }

        var first = words[0];
        if (vocabulary.Imperative.Contains(first, StringComparer.OrdinalIgnoreCase))
        {
            return null;
        }

        var hint = $"name it verb-first in the imperative, e.g. Create{string.Concat(words.Skip(1))}; if '{first}' is an imperative verb, add it to vocabulary.imperative";
        if (IsPastTense(first, vocabulary) && !BaseFormLookalikes.Contains(first))
        {
            return $"command {name} is not in the imperative: it starts with the past tense '{first}'; {hint}";
        }

        if (first.Length > 4 && first.EndsWith("ing", StringComparison.OrdinalIgnoreCase) && !BaseFormLookalikes.Contains(first))
        {
            return $"command {name} is not in the imperative: it starts with '{first}'; {hint}";
        }

        if (words.Count > 1 && IsPastTense(words[^1], vocabulary) && !CommandVerbs.Contains(first))
        {
            return $"command {name} reads like an event (it ends with the past tense '{words[^1]}'); a command asks for something to be done, "
                + "verb first in the imperative (CancelOrder, not OrderCancelled)";
        }

        return null;
    }

    private static string PastOf(string word) => word.EndsWith('e') ? word + "d" : word + "ed";

    [GeneratedRegex("[A-Z]+(?![a-z])|[A-Z]?[a-z0-9]+")]
    private static partial Regex WordPattern();
}
