extension Invoice {
    /// SPEC §1 rows 3, 5, 8 and 10, as seen by the invoice.
    public static func decide(_ command: Command, _ state: State) throws(Failure) -> [Event] {
        switch (command, state) {
        case (.sell(let id, let issuer, let askingPrice, let issuerExists), .initial):
            guard issuerExists else { throw .issuerNotFound(issuer) }
            guard askingPrice.isPositive else { throw .askingPriceNotPositive(askingPrice) }
            return [.created(Listing(id: id, issuer: issuer, askingPrice: askingPrice))]
        case (.sell(let id, _, _, _), _):
            throw .alreadyExists(id)
        case (_, .initial):
            throw .notFound
        case (.considerBid(let bid), .available(let listing)):
            return bid.amount >= listing.askingPrice
                ? [.financed(askingPrice: listing.askingPrice, bid: bid)] : [.bidRejected(bid)]
        case (.considerBid(let bid), _):
            // Someone else won already: the bid loses and its funds go back (policy row 7).
            return [.bidRejected(bid)]
        case (.approveFinancing, .financed(let listing, let bid)):
            return [.approved(askingPrice: listing.askingPrice, bid: bid)]
        case (.reverseFinancing, .financed(let listing, let bid)):
            return [.reversed(askingPrice: listing.askingPrice, bid: bid)]
        case (.approveFinancing, _), (.reverseFinancing, _):
            guard let listing = state.listing, let status = state.status else { throw .notFound }
            throw .notFinanced(listing.id, status)
        }
    }

    /// Folds one event; an event that does not fit the phase leaves the state unchanged, since
    /// `decide` never produces one.
    public static func evolve(_ state: State, _ event: Event) -> State {
        switch (state, event) {
        case (.initial, .created(let listing)): .available(listing)
        case (.available(let listing), .financed(_, let bid)): .financed(listing, winningBid: bid)
        case (.financed(let listing, let bid), .approved): .approved(listing, winningBid: bid)
        case (.financed(let listing, let bid), .reversed): .reversed(listing, winningBid: bid)
        default: state
        }
    }
}
