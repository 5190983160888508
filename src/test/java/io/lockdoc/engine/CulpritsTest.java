package io.lockdoc.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.lockdoc.model.Frame;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CulpritsTest {

    private static Frame f(String fn) {
        return new Frame(fn, "+0x1/0x2", null, true, 1);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "mutex_lock_nested",
                "__mutex_lock",
                "_raw_spin_lock_irqsave",
                "down_trylock",
                "down_write",
                "lock_acquire",
                "__lock_acquire",
                "lock_sock_nested",
                "rwsem_down_read_slowpath",
                "dump_stack_lvl",
                "printk",
                "vprintk_emit",
                "__down_trylock_console_sem",
                "schedule",
                "check_noncircular"
            })
    void primitivesAndMachineryAreNeverTheCulprit(String fn) {
        assertThat(Culprits.isPrimitive(fn)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "another_function",
                "rtnl_lock",
                "flush_workqueue",
                "do_ip_setsockopt.isra.12",
                "download_firmware",
                "checksum_update"
            })
    void ownCodeIsACulprit(String fn) {
        assertThat(Culprits.isPrimitive(fn)).isFalse();
    }

    @Test
    void theAtFunctionWinsWhenItIsOwnCode() {
        assertThat(Culprits.forAcquisition("vcs_write+0x14d/0xca0", List.of(f("mutex_lock_nested"), f("other"))))
                .contains("vcs_write");
    }

    @Test
    void aPrimitiveAtFunctionFallsBackToTheFirstOwnFrameAfterIt() {
        List<Frame> trace = List.of(
                f("dump_stack"),
                f("lock_acquire"),
                f("_raw_spin_lock_irqsave"),
                f("down_trylock"),
                f("__down_trylock_console_sem"),
                f("vprintk_emit"),
                f("printk"),
                f("tick_handler.cold"),
                f("other"));

        assertThat(Culprits.forAcquisition("down_trylock+0x13/0x70", trace)).contains("tick_handler");
    }

    @Test
    void unreliableFramesAreSkipped() {
        List<Frame> frames = List.of(new Frame("noise", "+0x1/0x2", null, false, 1), f("real_caller"));

        assertThat(Culprits.firstOwnFrame(frames)).map(Frame::function).contains("real_caller");
    }
}
