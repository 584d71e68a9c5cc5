using Xunit;

namespace Stormline.Testing;

/// <summary>Topic and group names unique to the running test, so parallel tests sharing one kit never see each other's records.</summary>
public static class TopicPrefix
{
    /// <summary>A prefix from the current test's method name plus a short random part (the name alone repeats across theory rows and reruns).</summary>
    public static string ForCurrentTest()
    {
        var method = TestContext.Current.TestMethod?.MethodName ?? "test";
        var safe = new string(method.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-').ToArray());
        if (safe.Length > 40)
        {
            safe = safe[..40];
        }

        return $"{safe}-{Guid.NewGuid().ToString("N")[..8]}-";
    }

    /// <summary><c>ForCurrentTest() + name</c>, for the common case of one name per call.</summary>
    public static string Name(string name) => ForCurrentTest() + name;
}
