using Stormline.Model.Board;
using Stormline.Model.Elements;

namespace Stormline.Model.Tests.Board;

public sealed class BoardRendererTests
{
    private static readonly EventModel Shop = ModelText.Shop();
    private static readonly string Html = BoardRenderer.Render(BoardPlanner.Plan(Shop));

    /// <summary>Every element of the model, as the sticky it should appear as.</summary>
    public static HashSet<(string Kind, string Name)> Expected(EventModel model) =>
    [
        .. model.Events.Select(e => ("event", e.Name)),
        .. model.Commands.Select(c => ("command", c.Name)),
        .. model.Actors.Select(a => ("actor", a.Name)),
        .. model.Policies.Select(p => ("policy", p.Name)),
        .. model.ExternalSystems.Select(x => ("external", x.Name)),
        .. model.Aggregates.Select(a => ("aggregate", a.Name)),
        .. model.ReadModels.Select(r => ("readmodel", r.Name)),
        .. model.Hotspots.Select(h => ("hotspot", h.Name)),
    ];

    [Fact]
    public void Every_element_of_the_shop_is_a_sticky_on_the_board()
    {
        var stickies = BoardHtml.Stickies(Html);

        Assert.Equal(Expected(Shop).OrderBy(s => s), stickies.OrderBy(s => s));
        Assert.Equal((11, 10, 8, 3), (stickies.Count(s => s.Kind == "event"), stickies.Count(s => s.Kind == "command"), stickies.Count(s => s.Kind == "policy"), stickies.Count(s => s.Kind == "hotspot")));
    }

    [Fact]
    public void Each_context_has_a_swimlane_with_its_topic()
    {
        foreach (var context in new[] { "order", "payment", "delivery" })
        {
            Assert.Contains($"<section class=\"lane\" data-context=\"{context}\"", Html, StringComparison.Ordinal);
            Assert.Contains($"<code>{context}-events</code>", Html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Policies_across_contexts_get_solid_arrows_from_their_event()
    {
        var layout = BoardPlanner.Plan(Shop);

        Assert.Equal(Shop.Policies.Count(), layout.Arrows.Count);
        var authorize = Assert.Single(layout.Arrows, a => a.To.Name == "WhenOrderCreatedThenAuthorizePayment");
        Assert.Equal(("OrderCreated", "order", "payment", true), (authorize.From.Name, authorize.From.Context, authorize.To.Context, authorize.CrossesContexts));
        Assert.Equal(layout.Arrows.Count, Html.Split("class=\"policy-arrow ").Length - 1);
    }

    [Fact]
    public void Time_flows_left_to_right_along_the_shop_story()
    {
        var layout = BoardPlanner.Plan(Shop);
        double X(string command) => layout.Stickies.First(s => s.Kind == StickyKind.Command && s.Name == command).X;

        Assert.True(X("CreateOrder") < X("AuthorizePayment"));
        Assert.True(X("AuthorizePayment") < X("StartDelivery"));
        Assert.True(X("StartDelivery") < X("CompleteDelivery"));
        Assert.True(X("CompleteDelivery") < X("MarkOrderDelivered"));
    }

    [Fact]
    public void Labels_are_shown_beside_names_and_html_is_escaped()
    {
        var model = ModelText.Parse("""
            system: s
            contexts:
              order:
                events:
                  OrderCreated: { label: "<주문> & 생성" }
            """);

        var html = BoardRenderer.Render(BoardPlanner.Plan(model));

        Assert.Contains("<b>OrderCreated</b><span class=\"label\">&lt;주문&gt; &amp; 생성</span>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void The_page_needs_nothing_from_the_network()
    {
        Assert.DoesNotContain("<script", Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("src=", Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("url(http", Html, StringComparison.OrdinalIgnoreCase);
    }
}
