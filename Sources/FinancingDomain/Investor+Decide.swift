extension Investor {
    /// SPEC §1 rows 1, 4, 6, 7, 9 and 11, as seen by the investor.
    public static func decide(_ command: Command, _ state: State) throws(Failure) -> [Event] {
        switch (command, state) {
        case (.register(let id, let openingBalance), .initial):
            guard openingBalance >= .zero else { throw .amountNotPositive(openingBalance) }
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
    /// a pot that would overflow in a foreign history is left as it was rather than trapping.
    public static func evolve(_ state: State, _ event: Event) -> State {
        switch (state, event) {
        case (.initial, .created(let id)):
            return .active(Account(id: id))
        case (.initial, _):
            return state
        case (.active, .created):
            return state
        case (.active(var account), .fundsAdded(let amount)):
            account.balance = account.balance.adding(amount) ?? account.balance
            account.fundsAdded = account.fundsAdded.adding(amount) ?? account.fundsAdded
            return .active(account)
        case (.active(var account), .bidOnInvoicePlaced(_, let amount)):
            account.balance = account.balance.subtracting(amount) ?? account.balance
            account.reserved = account.reserved.adding(amount) ?? account.reserved
            return .active(account)
        case (.active(var account), .fundsReleased(let amount)):
            account.reserved = account.reserved.subtracting(amount) ?? account.reserved
            account.balance = account.balance.adding(amount) ?? account.balance
            return .active(account)
        case (.active(var account), .fundsCommitted(let amount)):
            account.reserved = account.reserved.subtracting(amount) ?? account.reserved
            account.committed = account.committed.adding(amount) ?? account.committed
            return .active(account)
        }
    }
}
