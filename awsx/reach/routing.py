"""Route lookups: subnet route tables (RT1-RT8) and transit gateway route tables (TGW2, TGW3).
Route state is derived from the target, never trusted from the record (RT5, section 18)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from .addresses import RESERVED, contains, ip, net
from .network import Network

_TARGET_KEYS = ("GatewayId", "NatGatewayId", "VpcPeeringConnectionId", "TransitGatewayId",
                "EgressOnlyInternetGatewayId", "NetworkInterfaceId", "InstanceId", "VpcEndpointId",
                "LocalGatewayId", "CarrierGatewayId", "CoreNetworkArn")


@dataclass(frozen=True, slots=True)
class Route:
    table: str
    destination: str  # a CIDR or a prefix-list id
    matched: str  # the CIDR that matched
    target: str  # "local", igw-..., nat-..., pcx-..., tgw-..., eigw-..., vpce-..., eni-..., i-...
    blackhole: str = ""  # why the target cannot carry the packet (RT5), empty when it can

    @property
    def text(self) -> str:
        dest = self.destination if self.destination == self.matched else f"{self.destination} ({self.matched})"
        return f"{dest} -> {self.target}" + (f" [blackhole: {self.blackhole}]" if self.blackhole else "")


def route_target(route: Mapping[str, Any]) -> str:
    """The id a route sends to (``local``, igw-..., nat-..., ...), whichever key the API used."""
    for key in _TARGET_KEYS:
        if route.get(key):
            return str(route[key])
    return ""


def blackhole_reason(network: Network, vpc: str, target: str, route: Mapping[str, Any]) -> str:
    """RT5: derive the state from the target (moto keeps saying ``active``)."""
    if target == "local":
        return ""
    if target.startswith("igw-"):
        return "" if network.igw_of_vpc.get(vpc) == target else f"{target} is not attached to {vpc}"
    if target.startswith("nat-"):
        state = (network.nat_gateways.get(target) or {}).get("State")
        alive = state in ("available", "pending", None) and target in network.nat_gateways
        return "" if alive else f"{target} is {state or 'gone'}"
    if target.startswith("pcx-"):
        data = network.peerings.get(target)
        code = ((data or {}).get("Status") or {}).get("Code")
        return "" if code == "active" else f"{target} is {code or 'gone'}"
    if target.startswith("eigw-"):
        data = network.eigws.get(target)
        ok = data and any(a.get("VpcId") == vpc for a in data.get("Attachments") or ())
        return "" if ok else f"{target} is not attached to {vpc}"
    if target.startswith("tgw-"):
        return "" if target in network.transit_gateways else f"{target} is gone"
    if route.get("State") == "blackhole":
        return "state blackhole"
    return ""


def lookup(network: Network, table_id: str, vpc: str, address: str) -> Route | None:
    """RT4: longest prefix match over the table's routes (CIDRs and prefix-list entries); equal
    prefixes: a CIDR route beats a prefix-list route. RT3: the local route covers the VPC CIDRs.
    RT6: None when nothing matches (drop). RT8: reserved ranges are never forwarded."""
    addr = ip(address)
    if any(addr.version == n.version and addr in n for n in RESERVED):
        return None
    table = network.route_tables.get(table_id) or {}
    best: tuple[tuple[int, int], Route] | None = None
    for route in table.get("Routes") or ():
        target = route_target(route)
        candidates: list[tuple[str, str, int]] = []
        cidr = route.get("DestinationCidrBlock") or route.get("DestinationIpv6CidrBlock")
        if cidr:
            candidates.append((cidr, cidr, 1))
        elif route.get("DestinationPrefixListId"):
            pl = route["DestinationPrefixListId"]
            candidates += [(pl, c, 0) for c in network.prefix_lists.get(pl, ())]
        for destination, matched, is_cidr in candidates:
            if not contains(matched, address):
                continue
            rank = (net(matched).prefixlen, is_cidr)
            if best is None or rank > best[0]:
                best = (rank, Route(table_id, destination, matched, target, blackhole_reason(network, vpc, target, route)))
    return best[1] if best else None


# --- transit gateway ------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class TgwRoute:
    table: str
    destination: str
    attachment: str  # the next attachment, "" for a blackhole
    origin: str  # static | propagated
    blackhole: bool = False

    @property
    def text(self) -> str:
        where = "blackhole" if self.blackhole else self.attachment
        return f"{self.table}: {self.destination} -> {where} ({self.origin})"


def tgw_association(network: Network, attachment: str) -> str | None:
    """TGW2: the route table associated with an attachment, read from the tables' association
    lists (section 18: attachments keep reporting the default association). AWS allows one
    association per attachment; moto also keeps listing a re-associated attachment under the
    TGW's default table, so when several tables list it the non-default one is the real one."""
    listing = [table_id for table_id, data in network.tgw_route_tables.items()
               for association in data.get("Associations") or ()
               if association.get("TransitGatewayAttachmentId") == attachment
               and association.get("State", "associated") in ("associated", "associating")]
    if listing:
        explicit = [t for t in listing if not network.tgw_route_tables[t].get("DefaultAssociationRouteTable")]
        return (explicit or listing)[0]
    association = (network.tgw_attachments.get(attachment) or {}).get("Association") or {}
    if association.get("State") == "associated" and association.get("TransitGatewayRouteTableId") in network.tgw_route_tables:
        # only trusted when no table lists its associations (older crawls)
        if not any(d.get("Associations") is not None for d in network.tgw_route_tables.values()):
            return association["TransitGatewayRouteTableId"]
    return None


def tgw_routes(network: Network, table_id: str) -> list[TgwRoute]:
    """TGW3: static routes plus routes propagated from attachments' VPC CIDRs (section 18:
    derived from the propagation list, since moto's route search returns static routes only)."""
    data = network.tgw_route_tables.get(table_id) or {}
    routes: list[TgwRoute] = []
    for route in data.get("Routes") or ():
        destination = route.get("DestinationCidrBlock") or route.get("PrefixListId")
        if not destination:
            continue
        attachments = [a.get("TransitGatewayAttachmentId") for a in route.get("TransitGatewayAttachments") or ()]
        blackhole = route.get("State") == "blackhole" or not attachments
        origin = "propagated" if route.get("Type") == "propagated" else "static"
        routes.append(TgwRoute(table_id, destination, "" if blackhole else str(attachments[0]), origin, blackhole))
    for propagation in data.get("Propagations") or ():
        attachment = propagation.get("TransitGatewayAttachmentId", "")
        if propagation.get("State", "enabled") != "enabled":
            continue
        vpc = (network.tgw_attachments.get(attachment) or {}).get("ResourceId", "")
        for cidr in network.vpc_cidrs(vpc):
            routes.append(TgwRoute(table_id, cidr, attachment, "propagated"))
    return routes


_ORIGIN_RANK = {"static": 2, "propagated": 1}


def tgw_lookup(network: Network, table_id: str, address: str) -> TgwRoute | None:
    """TGW3: LPM; equal prefixes: static beats propagated; a matching blackhole drops."""
    best: tuple[tuple[int, int], TgwRoute] | None = None
    for route in tgw_routes(network, table_id):
        cidrs = network.prefix_lists.get(route.destination, ()) if route.destination.startswith("pl-") else (route.destination,)
        for cidr in cidrs:
            if contains(cidr, address):
                rank = (net(cidr).prefixlen, _ORIGIN_RANK.get(route.origin, 0))
                if best is None or rank > best[0]:
                    best = (rank, route)
    return best[1] if best else None


def tgw_attachment_of(network: Network, tgw: str, vpc: str) -> str | None:
    for attachment, data in network.tgw_attachments.items():
        usable = data.get("State") in (None, "available", "modifying")
        if data.get("TransitGatewayId") == tgw and data.get("ResourceId") == vpc and usable:
            return attachment
    return None


def tgw_subnet_in_az(network: Network, attachment: str, az: str) -> str | None:
    """TGW1: the attachment's subnet in an AZ, None when the AZ is not covered."""
    subnet_ids = ((network.tgw_attachments.get(attachment) or {}).get("VpcAttachment") or {}).get("SubnetIds") or ()
    return next((s for s in subnet_ids if s in network.subnets and network.subnets[s].az == az), None)


def tgw_any_subnet(network: Network, attachment: str) -> str | None:
    subnet_ids = ((network.tgw_attachments.get(attachment) or {}).get("VpcAttachment") or {}).get("SubnetIds") or ()
    return next((s for s in subnet_ids if s in network.subnets), None)
