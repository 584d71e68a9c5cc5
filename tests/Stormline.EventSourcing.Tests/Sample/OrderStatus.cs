namespace Stormline.EventSourcing.Tests.Sample;

public enum OrderStatus { None, Created, Cancelled }
