extension Investor {
    /// SPEC §1 rows 1, 4, 6, 7, 9 and 11, as seen by the investor.
    public static func decide(_ command: Command, _ state: State) throws(Failure) -> [Event] {
        switch (command, state) {
        case (.register(let id, let openingBalance), .initial):
            guard openingBalance >= .zero else { throw .negativeOpeningBalance(openingBalance) }
            return openingBalance.isPositive ? [.created(id), .fundsAdded(openingBalance)] : [.created(id)]
        case (.register(let id, _), .active):
            throw .alreadyRegistered(id)
        case (_, .initial):
            throw .notFound
        case (.placeBid(let invoice, let amount, let invoiceExists), .active(let account)):
            guard amount.isPositive else { throw .amountNotPositive(amount) }
            guard invoiceExists else { throw .invoiceNotFound(invoice) }
            guard amount <= account.balance else {
                throw .insufficientBalance(available: account.balance, bid: amount)
            }
            guard account.reserved.adding(amount) != nil else { throw .fundsOverflow }
            return [.bidOnInvoicePlaced(invoice: invoice, amount: amount)]
        case (.releaseFunds(let amount), .active(let account)):
            try requireReserved(amount, in: account)
            guard account.balance.adding(amount) != nil else { throw .fundsOverflow }
            return [.fundsReleased(amount)]
        case (.commitFunds(let amount), .active(let account)):
            try requireReserved(amount, in: account)
            guard account.committed.adding(amount) != nil else { throw .fundsOverflow }
            return [.fundsCommitted(amount)]
        }
    }

    private static func requireReserved(_ amount: Money, in account: Account) throws(Failure) {
        guard amount.isPositive else { throw .amountNotPositive(amount) }
        guard amount <= account.reserved else {
            throw .insufficientReserved(reserved: account.reserved, requested: amount)
        }
    }

    /// Folds one event. `decide` checked every amount, so no history it produced can overflow;
    /// a move that would overflow in a foreign history is not applied at all, so money is never
    /// created or lost.
    public static func evolve(_ state: State, _ event: Event) -> State {
        guard case .active(var account) = state else {
            if case .created(let id) = event { return .active(Account(id: id)) }
            return state
        }
        switch event {
        case .created:
            break
        case .fundsAdded(let amount):
            if let balance = account.balance.adding(amount), let added = account.fundsAdded.adding(amount) {
                account.balance = balance
                account.fundsAdded = added
            }
        case .bidOnInvoicePlaced(_, let amount):
            if let balance = account.balance.subtracting(amount), let reserved = account.reserved.adding(amount) {
                account.balance = balance
                account.reserved = reserved
            }
        case .fundsReleased(let amount):
            if let reserved = account.reserved.subtracting(amount), let balance = account.balance.adding(amount) {
                account.reserved = reserved
                account.balance = balance
            }
        case .fundsCommitted(let amount):
            if let reserved = account.reserved.subtracting(amount), let committed = account.committed.adding(amount) {
                account.reserved = reserved
                account.committed = committed
            }
        }
        return .active(account)
    }
}
