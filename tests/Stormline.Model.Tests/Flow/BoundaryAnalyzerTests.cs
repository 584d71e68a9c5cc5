using Stormline.Model.Flow;

namespace Stormline.Model.Tests.Flow;

public sealed class BoundaryAnalyzerTests
{
    [Fact]
    public void Shop_flow_proposes_the_declared_contexts()
    {
        var report = BoundaryAnalyzer.Analyze(ModelText.Shop());

        Assert.Equal(["order", "payment", "delivery"], report.Proposed.Select(p => p.Name));
        Assert.Equal(["order", "payment", "delivery"], report.Proposed.Select(p => p.Declared));
        Assert.Empty(report.Differences);
        Assert.Contains(report.Proposed[1].Members, m => m is { Kind: "policy", Name: "WhenOrderCreatedThenAuthorizePayment" });
    }

    [Fact]
    public void Coupling_counts_events_policies_and_shared_fields_per_pair()
    {
        var report = BoundaryAnalyzer.Analyze(ModelText.Shop());
        var orderPayment = report.Couplings[0];

        Assert.Equal(("order", "payment"), (orderPayment.A, orderPayment.B));
        Assert.Equal(["OrderCreated", "OrderCancelled"], orderPayment.EventsAToB);
        Assert.Equal(["PaymentCompleted", "PaymentFailed"], orderPayment.EventsBToA);
        Assert.Equal(4, orderPayment.Policies.Count);
        Assert.Equal(["orderId: string", "paymentId: string"], orderPayment.SharedFields);
        Assert.Contains("Address", report.Couplings.Single(c => c.B == "delivery" && c.A == "order").SharedFields);
    }

    [Fact]
    public void Aggregate_taking_commands_from_many_contexts_is_reported()
    {
        var report = BoundaryAnalyzer.Analyze(ModelText.Shop());

        var order = Assert.Single(report.BusyAggregates);
        Assert.Equal("Order", order.Aggregate);
        Assert.Equal(["order", "payment", "delivery"], order.CommandsBySenderContext.Keys);
        Assert.Equal(["MarkOrderShipped", "MarkOrderDelivered"], order.CommandsBySenderContext["delivery"]);
        Assert.Empty(BoundaryAnalyzer.Analyze(ModelText.Shop(), maxSenderContexts: 3).BusyAggregates);
    }

    [Fact]
    public void Policy_declared_on_the_wrong_side_is_a_difference()
    {
        // The policy that starts invoicing is declared in 'order', but it decides what billing does.
        var model = ModelText.Parse("""
            system: s
            actors: { Customer: {} }
            contexts:
              order:
                aggregates:
                  Order:
                    id: orderId
                    commands: { PlaceOrder: { actor: Customer, emits: OrderPlaced } }
                events:
                  OrderPlaced: { fields: { orderId: string } }
                policies:
                  - { when: OrderPlaced, then: IssueInvoice }
              billing:
                aggregates:
                  Invoice:
                    id: invoiceId
                    commands: { IssueInvoice: { emits: InvoiceIssued } }
                events:
                  InvoiceIssued: { fields: { invoiceId: string } }
            """);

        var report = BoundaryAnalyzer.Analyze(model);

        Assert.Equal(["policy WhenOrderPlacedThenIssueInvoice is declared in order but its flow ties it to billing (proposed invoice)"], report.Differences);
    }

    [Fact]
    public void Context_of_unrelated_aggregates_is_proposed_as_two()
    {
        var model = ModelText.Parse("""
            system: s
            actors: { Clerk: {} }
            contexts:
              backoffice:
                aggregates:
                  Product:
                    id: productId
                    commands: { ListProduct: { actor: Clerk, emits: ProductListed } }
                  Employee:
                    id: employeeId
                    commands: { HireEmployee: { actor: Clerk, emits: EmployeeHired } }
                events:
                  ProductListed: { fields: { productId: string } }
                  EmployeeHired: { fields: { employeeId: string } }
            """);

        var report = BoundaryAnalyzer.Analyze(model);

        Assert.Equal(["product", "employee"], report.Proposed.Select(p => p.Name));
        Assert.Equal(["declared context backoffice splits into product and employee: its parts are linked only loosely; consider separate contexts, or check the policies between them"], report.Differences);
    }
}
