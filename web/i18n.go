package web

import (
	"fmt"
	"strings"

	"github.com/tcpcheck/tcpcheck/model"
	"github.com/tcpcheck/tcpcheck/props"
)

// lang is a language of the page. The RFC's notation (state names,
// <SEQ=100><CTL=SYN>, SND.NXT, section numbers) is the same in both.
type lang string

const (
	langEN lang = "en"
	langZH lang = "zh"
)

var langs = []lang{langEN, langZH}

func parseLang(s string) (lang, error) {
	switch strings.ToLower(s) {
	case "", "en":
		return langEN, nil
	case "zh", "zh-cn", "zh-hans":
		return langZH, nil
	}
	return "", badf("lang=%q is not a language of the page: use en (English) or zh (简体中文)", s)
}

// msg is one text in both languages.
type msg struct{ en, zh string }

func (m msg) in(l lang) string {
	if l == langZH {
		return m.zh
	}
	return m.en
}

// texts are the page's labels and explanations, by key.
var texts = map[string]msg{
	"title":         {"tcpcheck: TCP connection explorer", "tcpcheck：TCP 连接状态探索器"},
	"tagline":       {"Step through RFC 9293's connection management by hand: every enabled step of the model, with its rule.", "手动单步执行 RFC 9293 的连接管理：模型中每一个可走的步骤，连同它依据的规则。"},
	"langname":      {"English", "简体中文"},
	"switchlang":    {"中文", "English"},
	"switchlangtip": {"切换到简体中文", "Switch to English"},
	"start":         {"Start", "开始"},
	"variant":       {"Variant", "变体"},
	"params":        {"Parameters", "参数"},
	"paramshelp":    {"the command line's flag names, e.g. abort=false loss-budget=2", "与命令行参数同名，例如 abort=false loss-budget=2"},
	"paramskeys":    {"Keys", "可用的键"},
	"go":            {"Start from the initial state", "从初始状态开始"},
	"scenarios":     {"Built-in scenarios", "内置场景"},
	"scenarioshelp": {"traces of the RFC's figures, replayed step by step", "RFC 图示的轨迹，逐步重放"},
	"trace":         {"A trace file", "轨迹文件"},
	"tracehelp":     {"in the format of tcpcheck replay (docs/TRACES.md); read in memory, never stored", "tcpcheck replay 的格式（docs/TRACES.md）；只在内存中解析，不会保存"},
	"upload":        {"Open the trace", "打开轨迹"},
	"config":        {"Configuration", "配置"},
	"defaults":      {"the variant's defaults", "该变体的默认值"},
	"endpoints":     {"Endpoints (TCBs)", "两个端点（TCB）"},
	"field":         {"field", "字段"},
	"state":         {"state", "状态"},
	"notcb":         {"no TCB", "无 TCB"},
	"network":       {"Segments in flight", "网络中的报文段"},
	"networkhelp":   {"in the order they were sent", "按发送顺序"},
	"empty":         {"none: the network is empty", "无：网络为空"},
	"sentat":        {"sent at step %d", "第 %d 步发出"},
	"sentbefore":    {"in flight from the start", "初始时已在网络中"},
	"old":           {"old incarnation", "旧连接化身"},
	"oldtip":        {"it belongs to an earlier incarnation: sent before the run, or its sender has drawn a new ISS since", "它属于更早的连接化身：在本次运行之前发出，或发送方此后已选了新的 ISS"},
	"late":          {"sender closed", "发送方已关闭"},
	"latetip":       {"its sender has closed the attempt that sent it (holds no TCB)", "发送方已经关闭了发出它的那次尝试（已没有 TCB）"},
	"next":          {"Enabled steps", "可走的下一步"},
	"nexthelp":      {"click one, or press its number", "点击一项，或按对应数字键"},
	"nothing":       {"Nothing is enabled: the run ends here.", "没有可走的步骤：运行到此结束。"},
	"bound":         {"beyond the model's bounds (%s): raise it to take this step", "超出模型界限（%s）：调大该参数才能走这一步"},
	"path":          {"Path", "路径"},
	"pathhelp":      {"click a step to go back to it; ← and → step back and forward", "点击某一步可回到那里；← 和 → 键后退和前进"},
	"initial":       {"initial state", "初始状态"},
	"back":          {"← back", "← 后退"},
	"forward":       {"forward →", "前进 →"},
	"restart":       {"restart", "重新开始"},
	"share":         {"Link to this state", "此状态的链接"},
	"sharehelp":     {"the configuration and the path are in the URL: send it, open it anywhere", "配置和路径都在 URL 里：发给别人，在任何地方打开都是同一个状态"},
	"properties":    {"Properties on this path", "本路径上的性质"},
	"propshelp":     {"checked on every step taken, as the exhaustive search checks them", "在已走的每一步上检查，与穷举搜索的检查相同"},
	"holdsso":       {"holds so far", "目前成立"},
	"brokenat":      {"broken at step %s", "在第 %s 步被违反"},
	"liveonly":      {"liveness: needs the whole state graph", "活性：需要整个状态图才能判断"},
	"breakit":       {"show me the shortest way to break %s", "给我看违反 %s 的最短路径"},
	"lastbroke":     {"The last step broke %s", "最后一步违反了 %s"},
	"lastok":        {"The last step broke no property.", "最后一步没有违反任何性质。"},
	"initbroke":     {"The initial state breaks %s", "初始状态违反了 %s"},
	"cex":           {"This path is the shortest counterexample of %s found by the exhaustive search.", "这条路径是穷举搜索找到的 %s 的最短反例。"},
	"ladder":        {"Ladder diagram of the path", "路径的时序图"},
	"ladderhelp":    {"as in RFC 9293 Figures 6–13: time runs down, each arrow is a segment", "与 RFC 9293 图 6–13 相同：时间向下流逝，每个箭头是一个报文段"},
	"ladderlegend":  {"Blue: arrives while the attempt that sent it is open; orange: arrives after its sender closed that attempt; red: of an old incarnation (sent before the run, or its sender has drawn a new ISS since); X: segment lost; dashed: still in flight at the end; bold: state changed; the step that broke a property is numbered in red.", "蓝色：到达时发出它的那次尝试仍在进行；橙色：到达时发送方已关闭那次尝试；红色：属于旧的连接化身（在本次运行之前发出，或发送方此后已选了新的 ISS）；X：报文段丢失；虚线：结束时仍在网络中；粗体：状态改变；违反性质的那一步编号为红色。"},
	"figure5":       {"RFC 9293 Figure 5: where A and B are", "RFC 9293 图 5：A 和 B 当前所处的状态"},
	"figure5help":   {"A's state in blue, B's in green; the last state change in orange (dashed if the figure does not draw it)", "A 的状态为蓝色，B 的为绿色；最后一次状态变化为橙色（图中没有的边用虚线）"},
	"glossary":      {"Notation", "记号说明"},
	"keys":          {"Keyboard: ← back, → forward, 1–9 take an enabled step, Home restart.", "键盘：← 后退，→ 前进，1–9 走对应的步骤，Home 重新开始。"},
	"holds":         {"%s holds in this configuration: the search found no way to break it (%d states).", "%s 在此配置下成立：搜索没有找到违反它的方式（共 %d 个状态）。"},
	"incomplete":    {"The search stopped before deciding %s (%s): no counterexample within the budget.", "搜索在判定 %s 之前停止了（%s）：预算内没有找到反例。"},
	"errorhelp":     {"The page could not be built from this address. The reason, with the names of the command line's flags:", "无法根据这个地址生成页面。原因如下（英文，使用命令行参数的名称）："},
	"backtopage":    {"back to the explorer", "返回探索器"},
	"error":         {"Bad request", "请求有误"},
	"examples":      {"Try", "试一试"},
	"ex3way":        {"three-way handshake", "三次握手"},
	"ex4close":      {"four-segment close", "四次挥手"},
	"exfig8":        {"old duplicate SYN (Figure 8)", "旧的重复 SYN（图 8）"},
	"exassassin":    {"TIME-WAIT assassination", "TIME-WAIT 暗杀"},
	"step":          {"step", "步"},
	"rule":          {"rule", "规则"},
}

// T returns the text of key in l; a missing key shows as ??key so that a
// test finds it.
func T(l lang, key string) string {
	m, ok := texts[key]
	if !ok {
		return "??" + key
	}
	return m.in(l)
}

// fieldHelp explains the TCB fields in one line each (RFC 9293 §3.3.1).
var fieldHelp = []struct {
	name string
	help msg
}{
	{"state", msg{"the connection state (RFC 9293 §3.3.2, Figure 5)", "连接状态（RFC 9293 §3.3.2，图 5）"}},
	{"ISS", msg{"initial send sequence number: the sequence number of this end's SYN", "初始发送序号：本端 SYN 的序号"}},
	{"IRS", msg{"initial receive sequence number: the sequence number of the peer's SYN", "初始接收序号：对端 SYN 的序号"}},
	{"SND.UNA", msg{"send unacknowledged: the oldest sequence number the peer has not acknowledged", "发送未确认：对端尚未确认的最早序号"}},
	{"SND.NXT", msg{"send next: the sequence number this end sends next", "发送下一个：本端下一个要发送的序号"}},
	{"RCV.NXT", msg{"receive next: the sequence number this end expects next, sent as ACK", "接收下一个：本端期望收到的下一个序号，作为 ACK 发出"}},
}

// glossary explains the notation where the page first uses it.
var glossary = []struct {
	term string
	help msg
}{
	{"TCB", msg{"transmission control block: the variables of one connection at one end", "传输控制块：一端为一个连接保存的变量"}},
	{"<SEQ=100><ACK=301><CTL=SYN,ACK>", msg{"a segment in the RFC's notation: its sequence number, acknowledgment number (when the ACK bit is set) and control bits", "RFC 记法的报文段：序号、确认号（ACK 位置位时）和控制位"}},
	{"SYN, ACK, FIN, RST", msg{"control bits: synchronize (open), acknowledgment field valid, no more data from sender (close), reset", "控制位：同步（建立连接）、确认号有效、发送方没有更多数据（关闭）、复位"}},
	{"A, B", msg{"the two endpoints; by default A opens actively (client), B passively (server)", "两个端点；默认 A 主动打开（客户端），B 被动打开（服务器）"}},
	{"A1, B2", msg{"an incarnation: the endpoint and its attempt number (each ISS drawn starts a new attempt); 0 is an earlier connection", "连接化身：端点加上尝试编号（每选一次 ISS 就开始一次新的尝试）；0 表示更早的连接"}},
	{"MSL, 2MSL", msg{"maximum segment lifetime; TIME-WAIT lasts 2MSL. The model has no clock: TIME-WAIT ends when nothing of the connection can still arrive", "报文段最大生存时间；TIME-WAIT 持续 2MSL。模型没有时钟：当本连接的报文段都不可能再到达时 TIME-WAIT 才结束"}},
	{"RTO", msg{"retransmission timeout: the timer that resends an unacknowledged SYN or FIN", "重传超时：重发未被确认的 SYN 或 FIN 的定时器"}},
	{"§3.10.7.3", msg{"the section of RFC 9293 whose rule the step follows", "该步骤所依据的 RFC 9293 章节"}},
}

// propZH are the properties' names and meanings in Chinese, with the
// English meaning they translate: a changed meaning shows in English until
// it is translated again.
var propZH = map[string]struct{ en, zh string }{
	"P1":  {"no endpoint completes a handshake unless the peer attempt whose SYN it accepted has accepted its own current SYN", "一端完成握手的前提是：它所接受的 SYN 所属的对端尝试，也接受了本端当前的 SYN"},
	"P1s": {"no endpoint completes a handshake on a SYN of a peer attempt that is over (P1 minus fresh two-way opens)", "任何一端都不会凭一个已结束的对端尝试的 SYN 完成握手（P1 去掉新的两次握手打开）"},
	"P2":  {"two endpoints that both completed their handshakes are on the same pair of attempts and agree on each other's ISN", "两端都完成握手时，它们处于同一对尝试中，并且对彼此的 ISN 看法一致"},
	"P3":  {"no segment of an older incarnation changes the state, SND.UNA or RCV.NXT of a SYN-RECEIVED or synchronized endpoint", "旧连接化身的报文段不会改变处于 SYN-RECEIVED 或已同步状态的一端的状态、SND.UNA 或 RCV.NXT"},
	"P4":  {"an endpoint leaves TIME-WAIT only when the 2MSL guard holds: no segment of its connection can still arrive", "一端只有在 2MSL 条件成立时才离开 TIME-WAIT：本连接不再有报文段可能到达"},
	"P5":  {"every TCB keeps SND.UNA <= SND.NXT <= ISS+2 and the sequence variables its state implies", "每个 TCB 都满足 SND.UNA <= SND.NXT <= ISS+2，以及其状态所要求的序号变量关系"},
	"P6":  {"every state where only the users can act is an acceptable terminal pair (half-open only after an abrupt deletion)", "只剩用户可以操作的每个状态都是可接受的终止状态对（半打开只允许出现在突然删除 TCB 之后）"},
	"P7":  {"with no abrupt deletion of either TCB, no endpoint that completed its handshake is reset", "只要两端都没有突然删除 TCB，完成了握手的一端就不会被复位"},
	"L1":  {"once each user's last call is CLOSE or ABORT, both endpoints reach CLOSED with the network empty, under fairness", "在公平性假设下，一旦双方用户的最后一次调用都是 CLOSE 或 ABORT，两端最终都到达 CLOSED 且网络为空"},
}

// meaning is a property's one-line meaning in l.
func meaning(l lang, p props.Property) string {
	if l == langZH {
		if z, ok := propZH[p.ID]; ok && z.en == p.Meaning {
			return z.zh
		}
		return p.Meaning + "（英文原文）"
	}
	return p.Meaning
}

// variantZH are the variants' summaries in Chinese, with the English text
// they translate.
var variantZH = map[string]struct{ en, zh string }{
	"rfc9293":                    {"RFC 9293 with RFC 5961, monotone ISNs (the default)", "RFC 9293 加 RFC 5961，单调递增的 ISN（默认）"},
	"rfc1337":                    {"rfc9293 plus the RFC 1337 fix: RST ignored in TIME-WAIT, no ABORT in TIME-WAIT", "rfc9293 加 RFC 1337 的修正：TIME-WAIT 中忽略 RST，TIME-WAIT 中不允许 ABORT"},
	"rfc793":                     {"RFC 793 rules: no RFC 5961, SND.UNA =< SEG.ACK in SYN-RECEIVED, in-window SYN resets", "RFC 793 规则：没有 RFC 5961，SYN-RECEIVED 中 SND.UNA =< SEG.ACK，窗口内的 SYN 导致复位"},
	"two-way-handshake":          {"LISTEN+SYN goes straight to ESTABLISHED", "LISTEN 收到 SYN 直接进入 ESTABLISHED（两次握手）"},
	"no-time-wait":               {"TIME-WAIT is skipped: the active closer goes straight to CLOSED", "跳过 TIME-WAIT：主动关闭方直接进入 CLOSED"},
	"fixed-isn":                  {"every incarnation uses the same ISS", "每个连接化身都使用相同的 ISS"},
	"synsent-accepts-any-synack": {"SYN-SENT accepts a SYN,ACK whatever its ACK", "SYN-SENT 接受任何 SYN,ACK，不检查其 ACK"},
	"big":                        {"the engine benchmark: rfc9293 with --net-bound 3 and --loss-budget 2", "引擎基准：rfc9293 加 --net-bound 3 和 --loss-budget 2"},
}

func variantSummary(l lang, v model.VariantInfo) string {
	if l == langZH {
		if z, ok := variantZH[v.Name]; ok && z.en == v.Summary {
			return z.zh
		}
		return v.Summary + "（英文原文）"
	}
	return v.Summary
}

// kindText names each kind of action in words.
var kindText = map[model.ActionKind]msg{
	model.PassiveOpen:    {"%s's user calls passive OPEN (listen)", "%s 的用户调用被动 OPEN（监听）"},
	model.ActiveOpen:     {"%s's user calls active OPEN (connect)", "%s 的用户调用主动 OPEN（连接）"},
	model.Close:          {"%s's user calls CLOSE", "%s 的用户调用 CLOSE"},
	model.Abort:          {"%s's user calls ABORT", "%s 的用户调用 ABORT"},
	model.Retransmit:     {"%s's retransmission timer fires (RTO)", "%s 的重传定时器超时（RTO）"},
	model.GiveUp:         {"%s gives up after too many retransmissions", "%s 重传次数过多，放弃连接"},
	model.TimeWaitExpire: {"%s's 2MSL timer expires", "%s 的 2MSL 定时器到期"},
	model.FinWait2Expire: {"%s's FIN-WAIT-2 timer expires", "%s 的 FIN-WAIT-2 定时器到期"},
	model.Crash:          {"%s crashes and loses its TCB", "%s 崩溃，丢失 TCB"},
	model.Send:           {"%s's user calls SEND (one unit of data)", "%s 的用户调用 SEND（一个数据单元）"},
	model.Output:         {"%s sends what SEND or CLOSE left queued", "%s 发送 SEND 或 CLOSE 留在队列中的内容"},
	model.Receive:        {"%s's user calls RECEIVE (reads a unit, or is told the stream has ended)", "%s 的用户调用 RECEIVE（读取一个数据单元，或得知数据流已结束）"},
}

// describe says what an action does, in words around the RFC notation:
// "B receives <SEQ=100><CTL=SYN>: LISTEN → SYN-RECEIVED, sends ...".
func describe(l lang, a model.Action) string {
	zh := l == langZH
	var b strings.Builder
	switch a.Kind {
	case model.Deliver:
		src := a.Seg.Src.String()
		if zh {
			if a.Dup {
				fmt.Fprintf(&b, "%s 收到 %s 发来的 %s 的一份副本（原件仍在网络中）", a.Side, src, a.Seg)
			} else {
				fmt.Fprintf(&b, "%s 收到 %s 发来的 %s", a.Side, src, a.Seg)
			}
		} else {
			if a.Dup {
				fmt.Fprintf(&b, "%s receives a copy of %s from %s (the original stays in flight)", a.Side, a.Seg, src)
			} else {
				fmt.Fprintf(&b, "%s receives %s from %s", a.Side, a.Seg, src)
			}
		}
	case model.Drop:
		if zh {
			fmt.Fprintf(&b, "网络丢失 %s 发出的 %s", a.Seg.Src, a.Seg)
		} else {
			fmt.Fprintf(&b, "the network loses %s from %s", a.Seg, a.Seg.Src)
		}
		return b.String()
	default:
		t, ok := kindText[a.Kind]
		if !ok {
			t = msg{"%s: " + a.Kind.String(), "%s：" + a.Kind.String()}
		}
		fmt.Fprintf(&b, t.in(l), a.Side)
	}
	if zh {
		b.WriteString("：")
	} else {
		b.WriteString(": ")
	}
	if a.From == a.To {
		if zh {
			fmt.Fprintf(&b, "停留在 %s", a.From)
		} else {
			fmt.Fprintf(&b, "stays in %s", a.From)
		}
	} else {
		fmt.Fprintf(&b, "%s → %s", a.From, a.To)
	}
	if a.HasSent {
		if zh {
			fmt.Fprintf(&b, "，发送 %s", a.Sent)
		} else {
			fmt.Fprintf(&b, ", sends %s", a.Sent)
		}
	}
	return b.String()
}
