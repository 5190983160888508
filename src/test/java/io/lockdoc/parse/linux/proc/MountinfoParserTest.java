package io.lockdoc.parse.linux.proc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.lockdoc.Fixtures;
import io.lockdoc.detect.ArtifactType;
import io.lockdoc.detect.FormatDetector;
import io.lockdoc.model.userspace.FdMount;
import io.lockdoc.model.userspace.MountEntry;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MountinfoParserTest {
    private static final String FIXTURE = "userspace/mountinfo_hybrid-fuse.txt";

    @Test
    void theCgroupV2RootAndEachFuseConnectionComeFromTheMountTable() {
        var parsed = Fixtures.parse(new MountinfoParser(), "proc/self/mountinfo", Fixtures.text(FIXTURE));

        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.of(MountEntry.class)).hasSize(11);
        assertThat(parsed.of(MountEntry.class).stream().filter(MountEntry::isCgroup2Root))
                .singleElement()
                .satisfies(m -> {
                    assertThat(m.getMountPoint()).isEqualTo("/sys/fs/cgroup/unified");
                    assertThat(m.getEvidence().getFirstLine()).isEqualTo(7);
                });
        assertThat(parsed.of(MountEntry.class).stream().filter(MountEntry::isFuse))
                .extracting(
                        MountEntry::getMountId,
                        MountEntry::getDevice,
                        MountEntry::getFuseConnection,
                        MountEntry::getMountPoint,
                        MountEntry::getFsType)
                .containsExactly(
                        tuple(52, "0:41", 41, "/tmp/deadlock-hung-task-fuse-stall.IR8psv/mnt", "fuse.deadlockfs"),
                        tuple(53, "0:44", 44, "/media/backup disk", "fuse.sshfs"));
    }

    @Test
    void aLineThatIsNoMountIsAProblemNamingItsLineAndTheRestIsKept() {
        var parsed = Fixtures.parse(
                new MountinfoParser(),
                "mountinfo.txt",
                "27 1 254:0 / / rw,relatime - ext4 /dev/vda rw\nnot a mount\n41 31 0:38 / /cg rw - cgroup2 cgroup2 rw\n");

        assertThat(parsed.of(MountEntry.class))
                .extracting(MountEntry::getMountId)
                .containsExactly(27, 41);
        assertThat(parsed.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(2);
            assertThat(p.message()).startsWith("expected 'ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS");
        });
    }

    @Test
    void isRecognisedByContentAndNotConfusedWithFdLinks() {
        FormatDetector d = new FormatDetector();
        assertThat(d.detect("mountinfo-fuse.txt", Fixtures.text(FIXTURE).getBytes(StandardCharsets.UTF_8))
                        .type())
                .isEqualTo(ArtifactType.MOUNTINFO);
        assertThat(d.detect("proc/self/mountinfo", Fixtures.text(FIXTURE).getBytes(StandardCharsets.UTF_8))
                        .type())
                .isEqualTo(ArtifactType.MOUNTINFO);
        assertThat(d.detect("proc/7/fd.txt", "0 -> /dev/null\n".getBytes(StandardCharsets.UTF_8))
                        .type())
                .isEqualTo(ArtifactType.PROC_FD_LINKS);
    }

    @Test
    void fdinfoSaysWhichMountAFileIsOnAndWhichConnectionADevFuseServes() {
        var client = Fixtures.parse(
                new ProcFileParser(), "proc/6321/fdinfo/3", "pos:\t0\nflags:\t0100000\nmnt_id:\t42\nino:\t2\n");
        var daemon = Fixtures.parse(
                new ProcFileParser(),
                "proc/6315/fdinfo/5",
                "pos:\t0\nflags:\t02100002\nmnt_id:\t24\nino:\t90\nfuse_connection:\t39\n");

        assertThat(client.of(FdMount.class)).singleElement().satisfies(f -> {
            assertThat(f.getPid()).isEqualTo(6321);
            assertThat(f.getFd()).isEqualTo(3);
            assertThat(f.getMountId()).isEqualTo(42);
            assertThat(f.getFuseConnection()).isNull();
            assertThat(f.getEvidence().getFirstLine()).isEqualTo(3);
        });
        assertThat(daemon.of(FdMount.class)).singleElement().satisfies(f -> {
            assertThat(f.getFuseConnection()).isEqualTo(39);
            assertThat(f.getEvidence().getFirstLine()).isEqualTo(5);
        });
    }
}
