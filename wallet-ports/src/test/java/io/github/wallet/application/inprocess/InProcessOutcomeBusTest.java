package io.github.wallet.application.inprocess;

import io.github.wallet.application.port.out.OutcomeBus;
import io.github.wallet.application.testing.OutcomeBusContract;

class InProcessOutcomeBusTest extends OutcomeBusContract {

    private final InProcessOutcomeBus bus = new InProcessOutcomeBus();

    @Override
    protected OutcomeBus waitingSide() {
        return bus;
    }

    @Override
    protected OutcomeBus publishingSide() {
        return bus;
    }
}
